import { Dexie, type EntityTable } from 'dexie';

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

export const DATABASE_NAME = 'cqbench';

/**
 * The app's IndexedDB database. Each schema change adds a version and keeps the earlier ones,
 * so a browser holding an old database upgrades in place.
 */
export class CqBenchDatabase extends Dexie {
  datasets!: EntityTable<ImportedDatasetRecord, 'id'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({ datasets: '++id, &name, importedAt' });
  }
}
