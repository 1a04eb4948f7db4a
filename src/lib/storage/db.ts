import { Dexie, type EntityTable, type Table } from 'dexie';

/** An imported set of release files, kept as read (already validated) on this device. */
export interface ImportedDatasetRecord {
  id: number;
  name: string;
  /** ISO time of the import. */
  importedAt: string;
  /** The file names read, for the record. */
  files: string[];
  /** Where the stories come from, when the app made the dataset (a harder split names its source). */
  provenance?: string;
  /** `ReleaseBundle`, validated again whenever it is read back. */
  bundle: unknown;
  /** For stories built in this browser: `BuiltOrigin` (unindexed, validated when read). */
  origin?: unknown;
}

/** A run as stored: its configuration (validated again when read) and where it stands. */
export interface RunRecord {
  id: string;
  config: unknown;
  status: 'running' | 'paused' | 'stopped' | 'done' | 'cancelled';
  /** Why a run stopped (what to fix), when it did. */
  statusMessage?: string;
  /** Value extraction: the judging the user chose to score the run (unindexed). */
  scoringJudgingId?: string;
  /** An imported bundle's run: the id it had where it was made (unindexed), so it is imported once. */
  importedFrom?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

/** One response of a run: an ItemResult (validated again when read) under its run. */
export interface ResponseRecord {
  runId: string;
  itemKey: string;
  result: unknown;
}

/** A judge's pass over a value-extraction run; its responses are in `responses` under its id. */
export interface JudgingRecord {
  id: string;
  runId: string;
  /** `JudgingConfig`, validated again when read. */
  config: unknown;
  status: RunRecord['status'];
  statusMessage?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

/** A person's verdict on one gold value of a run item (`HumanVerdict`, validated when read). */
export interface ReviewRecord {
  runId: string;
  itemKey: string;
  gold: number;
  review: unknown;
}

/**
 * A run's scores per task cell, kept so a leaderboard of many runs need not re-score every
 * response; recomputed when the run's `updatedAt` or the scorer's version changes.
 */
export interface AggregateRecord {
  runId: string;
  runUpdatedAt: string;
  scorerVersion: string;
  aggregate: unknown;
}

/**
 * What an unfinished item of a run (or judging) has received so far (`PartialResult`, validated
 * when read): kept so a resumed run does not ask those calls again; removed once its result is.
 */
export interface PartialRecord {
  runId: string;
  itemKey: string;
  partial: unknown;
}

/** A lead's annotation project (`AnnotationProject`, validated when read). */
export interface AnnotationProjectRecord {
  id: string;
  createdAt: string;
  project: unknown;
}

/**
 * An annotator's work on one assignment file in this browser: the file as loaded, their labels
 * (`ValueLabel`s; a story's labels are drafts until it is submitted) and where they are.
 */
export interface AnnotationWorkRecord {
  /** `projectId/annotator`. */
  key: string;
  assignment: unknown;
  labels: unknown[];
  /** Story ids submitted: their blind labels are fixed and the model's verdicts shown. */
  submitted: string[];
  /** Index of the story the annotator was on. */
  position: number;
  updatedAt: string;
}

/**
 * A suite: several runs of one model made one after another (`SuiteSpec`, validated when read).
 * `runIds[i]` is the run of entry i, written in the transaction that creates that run, so a
 * resumed suite goes on with the same run and never starts an entry twice.
 */
export interface SuiteRecord {
  id: string;
  spec: unknown;
  runIds: string[];
  status: RunRecord['status'];
  statusMessage?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A check run: a model running the stories' quality checks (`CheckRunConfig`, validated when
 * read). Its replies are in `responses` (and `partials`) under its id, as a judging's are.
 */
export interface CheckRunRecord {
  id: string;
  config: unknown;
  status: RunRecord['status'];
  statusMessage?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A construction: stories built by a writer model and checked by a checking model
 * (`ConstructionConfig`, validated when read). Its replies are in `responses` (and `partials`)
 * under its id, as a check run's are; the stories are rebuilt from them.
 */
export interface ConstructionRecord {
  id: string;
  config: unknown;
  status: RunRecord['status'];
  statusMessage?: string;
  /** Stories with an outcome, of the construction's count. */
  total: number;
  /**
   * How its calls are made (`ConstructionRun`, validated when read): requests in flight and
   * the limits the user set. Kept beside the configuration, which the construction file shares
   * with the CLI, so a resumed construction keeps them.
   */
  run: unknown;
  /**
   * The prices the user entered for its two models (`ConstructionPrices`, validated when read):
   * kept in this browser only, never in the construction's file.
   */
  prices?: unknown;
  /** The dataset its stories were saved as, once they were (unindexed). */
  datasetId?: number;
  createdAt: string;
  updatedAt: string;
}

export const DATABASE_NAME = 'cqbench';

/**
 * The app's IndexedDB database. Each schema change adds a version and keeps the earlier ones,
 * so a browser holding an old database upgrades in place.
 */
export class CqBenchDatabase extends Dexie {
  datasets!: EntityTable<ImportedDatasetRecord, 'id'>;
  runs!: EntityTable<RunRecord, 'id'>;
  responses!: Table<ResponseRecord, [string, string]>;
  judgings!: EntityTable<JudgingRecord, 'id'>;
  reviews!: Table<ReviewRecord, [string, string, number]>;
  aggregates!: EntityTable<AggregateRecord, 'runId'>;
  partials!: Table<PartialRecord, [string, string]>;
  annotationProjects!: EntityTable<AnnotationProjectRecord, 'id'>;
  annotationWork!: EntityTable<AnnotationWorkRecord, 'key'>;
  suites!: EntityTable<SuiteRecord, 'id'>;
  checkRuns!: EntityTable<CheckRunRecord, 'id'>;
  constructions!: EntityTable<ConstructionRecord, 'id'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({ datasets: '++id, &name, importedAt' });
    // Version 2 adds runs and their responses; datasets are untouched.
    this.version(2).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId'
    });
    // Version 3 adds value-extraction judgings, human verdicts, stored run aggregates and the
    // replies of unfinished multi-call items.
    this.version(3).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId'
    });
    // Version 4 adds the annotation workspace: a lead's projects, an annotator's work.
    this.version(4).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt'
    });
    // Version 5 adds suites (runs of one model queued together); nothing else changes.
    this.version(5).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt',
      suites: 'id, createdAt, status'
    });
    // Version 6 adds check runs (stories' quality checks by a model); nothing else changes.
    this.version(6).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt',
      suites: 'id, createdAt, status',
      checkRuns: 'id, createdAt, status'
    });
    // Version 7 adds constructions (stories built and checked by models); nothing else changes.
    this.version(7).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt',
      suites: 'id, createdAt, status',
      checkRuns: 'id, createdAt, status',
      constructions: 'id, createdAt, status'
    });
  }
}
