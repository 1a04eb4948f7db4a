import { version } from '$app/environment';
import { rescoredMark, TAMPERED_MESSAGE, type BundleStatus } from '$lib/core/analysis/bundle';
import { datasetOfCategories, planKeys, type RunDataset } from '$lib/core/dataset/run-dataset';
import type { KeptDataset, StoringBundle } from '$lib/workers/analysis-protocol';
import { FormatError } from '$lib/core/format-error';
import type { ItemResult, RunConfig, Task } from '$lib/core/schema/run';
import { analysis } from './analysis-client';
import { datasetChoices, loadDataset } from '$lib/data/datasets';
import { isDamagedDataset } from '$lib/storage/damaged-dataset';
import { loadRunDataset, loadRunDatasetForWorker } from '$lib/data/load-run-dataset';
import { database } from '$lib/storage/instance';
import {
  sourceTag,
  storeImportedRuns,
  type ImportOutcome,
  type PreparedImport
} from '$lib/storage/imported-runs';
import type { NamedText } from '$lib/core/formats/bundle';

export type { ImportOutcome };

/** Every category of a dataset of this browser, as a run's items. */
export async function wholeDataset(id: string): Promise<RunDataset> {
  const view = await loadDataset(id);
  if (view === undefined) throw new Error(`the dataset ${id} is no longer in this browser`);
  return (
    await loadRunDataset(
      id,
      view.categories.map((c) => c.name)
    )
  ).dataset;
}

/** A bundle's text, or its file as chosen (read and decoded in the analysis worker). */
export type BundleFile = NamedText | { name: string; blob: Blob };

/**
 * A bundle ready to be stored, kept in the analysis worker until it is, and its mark when it was
 * scored by another scorer version.
 */
interface PreparedBundle {
  storing: StoringBundle;
  /** `rescored (scorer v2 → v3)`. */
  rescored?: string;
}

/** An imported bundle: stored, flagged when edited, marked when rescored. */
export type BundleImportOutcome = ImportOutcome & { rescored?: string };

/** What an import is doing, for its progress line. */
export type ImportProgress =
  | { phase: 'checking'; file: string; index: number; of: number }
  | { phase: 'storing'; written: number; of: number };

/**
 * A run bundle, read and verified (nothing stored): its scores are recomputed from its raw
 * outputs on the dataset it names (or any dataset of this browser with the same items); an
 * edit is flagged, and a bundle of another scorer version is marked rescored. The reading,
 * validating and rescoring run in the analysis worker (a 40,000-response bundle held the page
 * for seconds); only the datasets are loaded here.
 */
export async function prepareBundle(file: BundleFile): Promise<PreparedBundle> {
  const worker = analysis();
  const source = 'text' in file ? file.text : file.blob;
  const { token, run } = await worker.call({ type: 'read-bundle', file: file.name, source });
  let kept = false;
  try {
    const { config } = run;
    let lastError: unknown;
    for await (const id of candidates(config.dataset.id)) {
      let dataset: RunDataset | KeptDataset;
      let split: string[];
      try {
        // Kept in the worker: a large dataset took most of a second to copy to the page and back.
        ({ dataset, split } = await loadRunDatasetForWorker(id, config.categories));
      } catch (e) {
        // A damaged import of this browser is no candidate, unless it is the one the run names.
        if (!isDamagedDataset(e) || id === config.dataset.id) lastError = e;
        continue;
      }
      const categories = 'kept' in dataset ? dataset.categories : Object.keys(dataset.categories);
      if (categories.length !== config.categories.length) continue;
      let status: BundleStatus;
      let total: number;
      try {
        ({ status, total } = await worker.call({ type: 'verify-bundle', token, dataset, split }));
      } catch (e) {
        // Why the dataset the run names refuses it says more than why another dataset does.
        if (id === config.dataset.id || lastError === undefined) lastError = e;
        continue;
      }
      const flagged =
        status.state === 'edited' ? `${TAMPERED_MESSAGE} (${status.problems.join('; ')})` : undefined;
      const rescored = status.state === 'rescored' ? rescoredMark(status) : undefined;
      const note = `Imported from ${file.name} ${sourceTag(run.id)}${rescored === undefined ? '' : `, ${rescored}`}.${flagged ? ` Flagged: ${flagged}` : ''}`;
      // The run now refers to this browser's copy of its items (the same hash, maybe another id).
      const here: RunConfig = { ...config, dataset: { ...config.dataset, id } };
      const storing: StoringBundle = { token, config: here, total, note };
      if (flagged !== undefined) storing.flagged = flagged;
      kept = true;
      return rescored === undefined ? { storing } : { storing, rescored };
    }
    if (lastError instanceof FormatError) throw lastError;
    throw new FormatError(
      file.name,
      'field "run.config.dataset"',
      `no dataset in this browser has the items of "${config.dataset.name}"; import that dataset first`
    );
  } finally {
    if (!kept) await worker.call({ type: 'drop-bundle', token });
  }
}

/**
 * The datasets a bundle may have been made on: the one it names first, then every other of
 * this browser (the same items imported under another id), listed only when needed.
 */
async function* candidates(named: string): AsyncGenerator<string> {
  yield named;
  for (const c of await datasetChoices()) if (c.id !== named) yield c.id;
}

/**
 * Bundles: every file read and verified first, then all stored at once, or none if one is
 * faulty. The analysis worker stores them: their responses never pass through the page.
 */
export async function importBundles(
  files: readonly BundleFile[],
  onProgress?: (progress: ImportProgress) => void
): Promise<BundleImportOutcome[]> {
  const worker = analysis();
  const bundles: PreparedBundle[] = [];
  try {
    for (const [index, file] of files.entries()) {
      onProgress?.({ phase: 'checking', file: file.name, index, of: files.length });
      bundles.push(await prepareBundle(file));
    }
  } catch (e) {
    // The worker lets go of those already read: none is stored.
    for (const b of bundles) await worker.call({ type: 'drop-bundle', token: b.storing.token });
    throw e;
  }
  const outcomes = await worker.call(
    { type: 'store-bundles', bundles: bundles.map((b) => b.storing) },
    (e) => {
      if (e.type === 'stored') onProgress?.({ phase: 'storing', written: e.written, of: e.of });
    }
  );
  // One outcome per prepared bundle, in order.
  return outcomes.map((outcome, i) => {
    const rescored = bundles[i]?.rescored;
    return rescored === undefined ? outcome : { ...outcome, rescored };
  });
}

function plain(file: string, config: RunConfig, results: ItemResult[], dataset: RunDataset): PreparedImport {
  const total = planKeys(datasetOfCategories(dataset, config.categories), config.task).length;
  return { file, config, results, total, note: `Imported from ${file}.`, judgings: [], reviews: [] };
}

export async function importResultsFiles(
  files: readonly NamedText[],
  datasetId: string,
  model: string
): Promise<ImportOutcome> {
  const dataset = await wholeDataset(datasetId);
  const { importReleaseResults } = await import('$lib/core/analysis/release-results');
  const { config, results } = await importReleaseResults(files, dataset, { model, appVersion: version });
  const [outcome] = await storeImportedRuns(database, [
    plain(files.map((f) => f.name).join(', '), config, results, dataset)
  ]);
  if (outcome === undefined) throw new Error('nothing was imported');
  return outcome;
}

export async function importCsvFile(
  file: NamedText,
  datasetId: string,
  meta: { model: string; task: Task; reasoning: boolean; shots: 0 | 1 }
): Promise<ImportOutcome> {
  const dataset = await wholeDataset(datasetId);
  // The CSV reader (papaparse) loads only for a CSV import: the Runs page must stay light.
  const { importItemCsv } = await import('$lib/core/analysis/csv');
  const { config, results } = await importItemCsv(file.name, file.text, dataset, {
    ...meta,
    appVersion: version
  });
  const [outcome] = await storeImportedRuns(database, [plain(file.name, config, results, dataset)]);
  if (outcome === undefined) throw new Error('nothing was imported');
  return outcome;
}
