import { version } from '$app/environment';
import {
  importItemCsv,
  importReleaseResults,
  readRunBundle,
  rescoredMark,
  verifyRunBundle,
  TAMPERED_MESSAGE
} from '$lib/core/analysis';
import { planKeys, type RunDataset } from '$lib/core/dataset/run-dataset';
import { FormatError } from '$lib/core/format-error';
import type { ItemResult, RunConfig, Task } from '$lib/core/schema/run';
import { datasetChoices, loadDataset } from '$lib/data/datasets';
import { loadRunDataset } from '$lib/data/load-run-dataset';
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

/** A bundle ready to be stored, and its mark when it was scored by another scorer version. */
interface PreparedBundle {
  prepared: PreparedImport;
  /** `rescored (scorer v2 → v3)`. */
  rescored?: string;
}

/** An imported bundle: stored, flagged when edited, marked when rescored. */
export type BundleImportOutcome = ImportOutcome & { rescored?: string };

/**
 * A run bundle, read and verified (nothing stored): its scores are recomputed from its raw
 * outputs on the dataset it names (or any dataset of this browser with the same items); an
 * edit is flagged, and a bundle of another scorer version is marked rescored.
 */
export async function prepareBundle(file: NamedText): Promise<PreparedBundle> {
  const bundle = readRunBundle(file.name, file.text);
  const { config } = bundle.run;
  const { choices } = await datasetChoices();
  const candidates = [
    config.dataset.id,
    ...choices.map((c) => c.id).filter((id) => id !== config.dataset.id)
  ];
  let lastError: unknown;
  for (const id of candidates) {
    let dataset: RunDataset;
    let split: string[];
    try {
      ({ dataset, split } = await loadRunDataset(id, config.categories));
    } catch (e) {
      lastError = e;
      continue;
    }
    if (Object.keys(dataset.categories).length !== config.categories.length) continue;
    try {
      const check = await verifyRunBundle(bundle, dataset, split, 'local', file.name);
      refuseUnknownItems(file.name, bundle.results, dataset, config.task);
      const { status } = check;
      const flagged =
        status.state === 'edited' ? `${TAMPERED_MESSAGE} (${status.problems.join('; ')})` : undefined;
      const rescored = status.state === 'rescored' ? rescoredMark(status) : undefined;
      const note = `Imported from ${file.name} ${sourceTag(bundle.run.id)}${rescored === undefined ? '' : `, ${rescored}`}.${flagged ? ` Flagged: ${flagged}` : ''}`;
      // The run now refers to this browser's copy of its items (the same hash, maybe another id).
      const here: RunConfig = { ...config, dataset: { ...config.dataset, id } };
      const prepared: PreparedImport = {
        file: file.name,
        config: here,
        results: bundle.results,
        dataset,
        note,
        judgings: bundle.judgings ?? [],
        reviews: bundle.reviews ?? [],
        sourceRunId: bundle.run.id
      };
      if (flagged !== undefined) prepared.flagged = flagged;
      return rescored === undefined ? { prepared } : { prepared, rescored };
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError instanceof FormatError) throw lastError;
  throw new FormatError(
    file.name,
    'field "run.config.dataset"',
    `no dataset in this browser has the items of "${config.dataset.name}"; import that dataset first`
  );
}

/**
 * A result for an item the run's categories do not have would be stored and never scored:
 * the bundle is refused, naming the first such item.
 */
function refuseUnknownItems(
  file: string,
  results: readonly ItemResult[],
  dataset: RunDataset,
  task: Task
): void {
  const planned = new Set(planKeys(dataset, task));
  const index = results.findIndex((r) => !planned.has(r.itemKey));
  const result = results[index];
  if (result !== undefined)
    throw new FormatError(
      file,
      `field "results[${String(index)}].itemKey"`,
      `${result.itemKey} is not an item of ${task} in ${dataset.name}`
    );
}

/** Bundles: every file read and verified first, then all stored at once, or none if one is faulty. */
export async function importBundles(files: readonly NamedText[]): Promise<BundleImportOutcome[]> {
  const bundles: PreparedBundle[] = [];
  for (const file of files) bundles.push(await prepareBundle(file));
  const outcomes = await storeImportedRuns(
    database,
    bundles.map((b) => b.prepared)
  );
  // One outcome per prepared bundle, in order.
  return outcomes.map((outcome, i) => {
    const rescored = bundles[i]?.rescored;
    return rescored === undefined ? outcome : { ...outcome, rescored };
  });
}

function plain(file: string, config: RunConfig, results: ItemResult[], dataset: RunDataset): PreparedImport {
  return { file, config, results, dataset, note: `Imported from ${file}.`, judgings: [], reviews: [] };
}

export async function importResultsFiles(
  files: readonly NamedText[],
  datasetId: string,
  model: string
): Promise<ImportOutcome> {
  const dataset = await wholeDataset(datasetId);
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
  const { config, results } = await importItemCsv(file.name, file.text, dataset, {
    ...meta,
    appVersion: version
  });
  const [outcome] = await storeImportedRuns(database, [plain(file.name, config, results, dataset)]);
  if (outcome === undefined) throw new Error('nothing was imported');
  return outcome;
}
