import type { CqBenchDatabase, ImportedDatasetRecord } from './db';
import {
  readReleaseBundle,
  readStoredReleaseBundle,
  type NamedText,
  type ReleaseBundle
} from '$lib/core/formats/bundle';
import { FormatError } from '$lib/core/format-error';
import { DAMAGED_RECORD } from './damaged-dataset';
import { builtOriginSchema, type BuiltOrigin } from '$lib/core/construction/built-origin';

export interface ImportedDataset {
  id: number;
  name: string;
  importedAt: string;
  files: string[];
  /** Where the stories come from, when the app made the dataset out of another. */
  provenance?: string;
  bundle: ReleaseBundle;
  /** Stories built in this browser: the construction they came from and its outcomes. */
  origin?: BuiltOrigin;
}

export class DatasetImportError extends Error {
  override readonly name = 'DatasetImportError';
}

/**
 * Reads release files and stores them as one dataset, all or nothing: every file is parsed
 * and checked before anything is written, and the write is a single record. `provenance`
 * says where the stories come from when the app made the files out of another dataset.
 */
export async function importReleaseFiles(
  db: CqBenchDatabase,
  name: string,
  files: readonly NamedText[],
  made: { origin?: BuiltOrigin; provenance?: string } = {}
): Promise<ImportedDataset> {
  const trimmed = name.trim();
  if (trimmed === '') throw new DatasetImportError('Give the dataset a name.');
  const bundle = readReleaseBundle(files);
  if ((await db.datasets.where('name').equals(trimmed).count()) > 0) {
    throw new DatasetImportError(`A dataset named "${trimmed}" already exists; choose another name.`);
  }
  const origin = made.origin === undefined ? undefined : builtOriginSchema.parse(made.origin);
  const record: Omit<ImportedDataset, 'id'> = {
    name: trimmed,
    importedAt: new Date().toISOString(),
    files: files.map((f) => f.name),
    ...(made.provenance === undefined ? {} : { provenance: made.provenance }),
    bundle,
    ...(origin === undefined ? {} : { origin })
  };
  const id = await db.datasets.add(record);
  return { id, ...record };
}

/**
 * The imports whose stored records no longer validate (their release files or their origin),
 * oldest first: pages name them, and pickers leave them out, rather than fail on opening one.
 */
export async function damagedImports(db: CqBenchDatabase): Promise<{ id: number; name: string }[]> {
  const damaged: { id: number; name: string }[] = [];
  await db.datasets.orderBy('importedAt').each((record) => {
    if (fromRecord(record) === undefined) damaged.push({ id: record.id, name: record.name });
  });
  return damaged;
}

/** A stored dataset, its release files checked again; a damaged one is refused. */
export async function getImported(db: CqBenchDatabase, id: number): Promise<ImportedDataset | undefined> {
  const record = await db.datasets.get(id);
  if (record === undefined) return undefined;
  const dataset = fromRecord(record);
  if (dataset === undefined) throw damagedDataset(record.name);
  return dataset;
}

/** A stored dataset whose release files no longer validate. */
export function damagedDataset(name: string): FormatError {
  return new FormatError(`stored dataset "${name}"`, '', DAMAGED_RECORD);
}

export async function deleteImported(db: CqBenchDatabase, id: number): Promise<void> {
  await db.datasets.delete(id);
}

/** The record without its release files; undefined when its origin no longer validates. */
function withoutBundle(record: ImportedDatasetRecord): Omit<ImportedDataset, 'bundle'> | undefined {
  const base = { id: record.id, name: record.name, importedAt: record.importedAt, files: record.files };
  const rest = typeof record.provenance === 'string' ? { ...base, provenance: record.provenance } : base;
  if (record.origin === undefined) return rest;
  const origin = builtOriginSchema.safeParse(record.origin);
  return origin.success ? { ...rest, origin: origin.data } : undefined;
}

/** The record as a dataset, its release files and origin checked; undefined when damaged. */
function fromRecord(record: ImportedDatasetRecord): ImportedDataset | undefined {
  const bundle = readStoredReleaseBundle(record.bundle);
  const rest = withoutBundle(record);
  return bundle === undefined || rest === undefined ? undefined : { ...rest, bundle };
}
