import { Dexie, type EntityTable, type Table } from 'dexie';

/** An imported set of release files, kept as read (already validated) on this device. */
export interface ImportedDatasetRecord {
  id: number;
  name: string;
  /** ISO time of the import. */
  importedAt: string;
  /** The file names read, for the record. */
  files: string[];
  /** `ReleaseBundle`, validated again whenever it is read back. */
  bundle: unknown;
}

/** A run as stored: its configuration (validated again when read) and where it stands. */
export interface RunRecord {
  id: string;
  config: unknown;
  status: 'running' | 'paused' | 'stopped' | 'done' | 'cancelled';
  /** Why a run stopped (what to fix), when it did. */
  statusMessage?: string;
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

export const DATABASE_NAME = 'cqbench';

/**
 * The app's IndexedDB database. Each schema change adds a version and keeps the earlier ones,
 * so a browser holding an old database upgrades in place.
 */
export class CqBenchDatabase extends Dexie {
  datasets!: EntityTable<ImportedDatasetRecord, 'id'>;
  runs!: EntityTable<RunRecord, 'id'>;
  responses!: Table<ResponseRecord, [string, string]>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({ datasets: '++id, &name, importedAt' });
    // Version 2 adds runs and their responses; datasets are untouched.
    this.version(2).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId'
    });
  }
}
