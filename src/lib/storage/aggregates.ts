import type { CqBenchDatabase } from './db';
import { judgingsOf } from './judgings';
import { scoringJudging } from '$lib/core/extraction/scoring-judging';
import { reviewsOf } from './reviews';
import { listRuns, rawResponsesOf, responsesOf, type StoredRun } from './runs';
import {
  failedAggregate,
  readAggregate,
  SCORER_VERSION,
  type RunAggregate,
  type RunInput
} from '$lib/core/analysis/aggregate';
import { runInputOfStored, scoreStoredRun, type StoredRunInput } from '$lib/core/analysis/stored-run';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { RunConfig } from '$lib/core/schema/run';

/**
 * The leaderboard's view of stored runs. Scoring every response of every run on each visit
 * would take seconds with many large runs, so each run's aggregate is stored and used until
 * the run changes (its `updatedAt`, which every write to the run, its judgings and its
 * reviews moves) or the scorer does (`SCORER_VERSION`).
 */

/**
 * `D` is the dataset as the scorer takes it: the release files here, or in the app a reference
 * to the copy its analysis worker keeps (a large dataset took most of a second to copy back).
 */
export interface LeaderboardRunsOptions<D = RunDataset> {
  /**
   * The run's items (its categories of its dataset) and every category of the dataset;
   * throws when they cannot be loaded.
   */
  datasetFor: (config: RunConfig) => Promise<RunItems<D>>;
  /** Called after each run whose aggregate had to be computed. */
  onProgress?: (done: number, stale: number) => void;
  /**
   * Scores one run (the browser does it in its analysis worker, which reads the run's
   * responses itself); by default, here.
   */
  aggregateOf?: (run: StoredRun, items: RunItems<D>) => Promise<RunAggregate>;
}

/** A stored run's material with its dataset as the scorer takes it (see `LeaderboardRunsOptions`). */
export type StoredRunInputWith<D> = Omit<StoredRunInput, 'dataset'> & { dataset: D };

const scoredHere =
  (db: CqBenchDatabase) =>
  async (run: StoredRun, items: RunItems): Promise<RunAggregate> =>
    (await scoreStoredRun(await storedRunInputOf(db, run, items))).aggregate;

export interface RunItems<D = RunDataset> {
  dataset: D;
  split: readonly string[];
}

export interface LeaderboardRuns {
  /** Newest run first; runs whose dataset could not be loaded have no cells and a `problem`. */
  aggregates: RunAggregate[];
  /** Aggregates computed (and stored) on this call. */
  recomputed: number;
  /** Runs still running: they get no aggregate until they stop. */
  skipped: number;
  /** Run records that no longer validate. */
  damaged: number;
}

function isFresh(aggregate: RunAggregate | undefined, run: StoredRun): aggregate is RunAggregate {
  return (
    aggregate !== undefined &&
    aggregate.runId === run.id &&
    aggregate.runUpdatedAt === run.updatedAt &&
    aggregate.scorerVersion === SCORER_VERSION
  );
}

/**
 * A stored run's material for scoring: its responses and, for value extraction, the judging
 * that scores it (`scoringJudging`) and people's verdicts. The leaderboard, drill-down,
 * comparison and exports all read runs through this, so they always score the same thing.
 */
export async function runInputOf(db: CqBenchDatabase, run: StoredRun, items: RunItems): Promise<RunInput> {
  return runInputOfStored(await storedRunInputOf(db, run, items)).input;
}

/** `runInputOf` with the run's own responses as stored, for the scoring worker to validate. */
export async function storedRunInputOf<D = RunDataset>(
  db: CqBenchDatabase,
  run: StoredRun,
  { dataset, split }: RunItems<D>
): Promise<StoredRunInputWith<D>> {
  const input: StoredRunInputWith<D> = {
    id: run.id,
    split: [...split],
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    config: run.config,
    dataset,
    rawResults: await rawResponsesOf(db, run.id)
  };
  if (run.config.task !== 'extraction') return input;
  const judging = scoringJudging(
    (await judgingsOf(db, run.id)).judgings,
    (j) => j.status === 'done',
    run.scoringJudgingId
  );
  if (judging !== undefined) {
    const judged = await responsesOf(db, judging.id);
    input.judging = { id: judging.id, config: judging.config, results: judged.results };
  }
  const { reviews } = await reviewsOf(db, run.id);
  if (reviews.length > 0) input.reviews = reviews;
  return input;
}

/** Computes one run's aggregate and stores it, unless its dataset could not be loaded. */
async function refresh<D>(
  db: CqBenchDatabase,
  run: StoredRun,
  { datasetFor, aggregateOf }: Required<Omit<LeaderboardRunsOptions<D>, 'onProgress'>>
): Promise<RunAggregate> {
  let items: RunItems<D>;
  try {
    items = await datasetFor(run.config);
  } catch (e) {
    // Not stored: the dataset may be back on the next visit (a failed load, a re-import).
    const why = e instanceof Error ? e.message : String(e);
    return failedAggregate({ ...run, split: [] }, `its dataset could not be loaded: ${why}`);
  }
  let aggregate: RunAggregate;
  try {
    aggregate = await aggregateOf(run, items);
  } catch (e) {
    // One unreadable run must not take the whole leaderboard down; it is tried again next time.
    return failedAggregate(
      { ...run, split: items.split },
      `it could not be scored: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  await db.aggregates.put({
    runId: run.id,
    runUpdatedAt: run.updatedAt,
    scorerVersion: SCORER_VERSION,
    aggregate
  });
  return aggregate;
}

/**
 * Every stored run that is not running, as leaderboard aggregates: stored ones when fresh,
 * the others computed (and stored). Aggregates of runs that no longer exist are removed.
 */
export function leaderboardRuns(
  db: CqBenchDatabase,
  options: LeaderboardRunsOptions
): Promise<LeaderboardRuns>;
export function leaderboardRuns<D>(
  db: CqBenchDatabase,
  options: LeaderboardRunsOptions<D> & Required<Pick<LeaderboardRunsOptions<D>, 'aggregateOf'>>
): Promise<LeaderboardRuns>;
export function leaderboardRuns<D>(
  db: CqBenchDatabase,
  options: LeaderboardRunsOptions | LeaderboardRunsOptions<D>
): Promise<LeaderboardRuns> {
  return options.aggregateOf === undefined
    ? leaderboardRunsWith(db, { ...(options as LeaderboardRunsOptions), aggregateOf: scoredHere(db) })
    : leaderboardRunsWith(
        db,
        options as LeaderboardRunsOptions<D> & Required<Pick<LeaderboardRunsOptions<D>, 'aggregateOf'>>
      );
}

async function leaderboardRunsWith<D>(
  db: CqBenchDatabase,
  options: LeaderboardRunsOptions<D> & Required<Pick<LeaderboardRunsOptions<D>, 'aggregateOf'>>
): Promise<LeaderboardRuns> {
  const { datasetFor, aggregateOf, onProgress } = options;
  const [{ runs, damaged }, records] = await Promise.all([listRuns(db), db.aggregates.toArray()]);
  const stored = new Map(records.map((r) => [r.runId, r]));
  const known = new Set(runs.map((r) => r.id));
  const orphans = records.filter((r) => !known.has(r.runId)).map((r) => r.runId);
  if (orphans.length > 0) await db.aggregates.bulkDelete(orphans);

  const settled = runs.filter((r) => r.status !== 'running');
  const out: (RunAggregate | undefined)[] = settled.map((run) => {
    const record = stored.get(run.id);
    if (record === undefined || record.scorerVersion !== SCORER_VERSION) return undefined;
    const aggregate = readAggregate(record.aggregate);
    return isFresh(aggregate, run) ? aggregate : undefined;
  });
  const stale = out.filter((a) => a === undefined).length;
  let recomputed = 0;
  // Many runs share a dataset and categories: load each combination once per call.
  const loaded = new Map<string, Promise<RunItems<D>>>();
  const cachedDatasetFor = (config: RunConfig): Promise<RunItems<D>> => {
    const key = JSON.stringify([config.dataset.id, config.categories]);
    let dataset = loaded.get(key);
    if (dataset === undefined) loaded.set(key, (dataset = datasetFor(config)));
    return dataset;
  };
  for (let i = 0; i < settled.length; i++) {
    if (out[i] !== undefined) continue;
    out[i] = await refresh(db, settled[i]!, { datasetFor: cachedDatasetFor, aggregateOf });
    recomputed++;
    onProgress?.(recomputed, stale);
  }
  return {
    aggregates: out.filter((a): a is RunAggregate => a !== undefined),
    recomputed,
    skipped: runs.length - settled.length,
    damaged
  };
}
