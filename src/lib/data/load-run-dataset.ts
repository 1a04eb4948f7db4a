import { UserError } from '$lib/core/user-message';
import { loadHardSplit, loadShippedBenchmark } from './shipped-from-bundle';
import { releaseFilesOf } from '$lib/core/dataset/shipped-benchmark';
import { hardReleaseFilesOf, type HardSplit } from '$lib/core/dataset/hard-release';
import { HARD_DATASET_ID, SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { ShippedBenchmark } from '$lib/core/dataset/shipped-benchmark';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import type { KeptDataset } from '$lib/workers/analysis-protocol';
import { analysis, madeOfKeptDataset } from './analysis-client';

/**
 * The items of a run in the browser: some categories of the shipped benchmark or of an import,
 * and every category of that dataset (the whole split its overall scores stand for).
 */
export async function loadRunDataset(
  datasetId: string,
  categories: readonly string[]
): Promise<{ dataset: RunDataset; bench: ShippedBenchmark; split: string[] }> {
  const bench = await loadShippedBenchmark();
  if (datasetId === SHIPPED_DATASET_ID) return { bench, ...shippedRunDataset(bench, categories) };
  if (datasetId === HARD_DATASET_ID)
    return { bench, ...hardRunDataset(await loadHardSplit(), bench, categories) };
  // Read and checked in the analysis worker: reading a large dataset held the page for a tenth of
  // a second and checking it for most of a second. The worker keeps it, so the runs scored on it
  // need not send it back.
  const imported = await analysis().call({ type: 'read-dataset', id: Number(datasetId) });
  if (imported === null) throw new UserError(`the dataset ${datasetId} is no longer in this browser`);
  const entries = Object.entries(imported.bundle.categories).filter(([c]) => categories.includes(c));
  const dataset: RunDataset = { id: datasetId, name: imported.name, categories: Object.fromEntries(entries) };
  madeOfKeptDataset(dataset, imported.kept);
  return { bench, split: Object.keys(imported.bundle.categories), dataset };
}

// A split's run datasets, one object per split and choice of categories: a dataset's content
// hash is cached per object (datasetHashOf), and hashing it took up to 200 ms on the
// leaderboard, once for each published bundle and each visit.
const madeDatasets = new WeakMap<object, Map<string, RunDataset>>();

function madeOnce(owner: object, picked: readonly string[], make: () => RunDataset): RunDataset {
  let made = madeDatasets.get(owner);
  if (made === undefined) madeDatasets.set(owner, (made = new Map<string, RunDataset>()));
  let dataset = made.get(picked.join());
  if (dataset === undefined) made.set(picked.join(), (dataset = make()));
  return dataset;
}

function shippedRunDataset(
  bench: ShippedBenchmark,
  categories: readonly string[]
): { dataset: RunDataset; split: string[] } {
  const picked = SHIPPED_CATEGORIES.filter((c) => categories.includes(c));
  const dataset = madeOnce(bench, picked, () => ({
    id: SHIPPED_DATASET_ID,
    name: `shipped benchmark (${picked.join(', ')})`,
    categories: Object.fromEntries(picked.map((c) => [c, releaseFilesOf(bench, c)]))
  }));
  return { split: [...SHIPPED_CATEGORIES], dataset };
}

function hardRunDataset(
  hard: HardSplit,
  bench: ShippedBenchmark,
  categories: readonly string[]
): { dataset: RunDataset; split: string[] } {
  const split = SHIPPED_CATEGORIES.filter((c) => hard.stories[c].length > 0);
  const picked = split.filter((c) => categories.includes(c));
  const dataset = madeOnce(hard, picked, () => ({
    id: HARD_DATASET_ID,
    name: `hard split (${picked.join(', ')})`,
    categories: Object.fromEntries(picked.map((c) => [c, hardReleaseFilesOf(hard, bench, c)]))
  }));
  return { split: [...split], dataset };
}

/**
 * A run's items for scoring in the analysis worker only (the leaderboard): an imported dataset
 * is checked and kept there, and only its categories come back, as `loadRunDataset` would give
 * them; the shipped benchmark's are small and sent as they are.
 */
export async function loadRunDatasetForWorker(
  datasetId: string,
  categories: readonly string[]
): Promise<{ dataset: RunDataset | KeptDataset; split: string[] }> {
  if (datasetId === SHIPPED_DATASET_ID) return shippedRunDataset(await loadShippedBenchmark(), categories);
  if (datasetId === HARD_DATASET_ID)
    return hardRunDataset(await loadHardSplit(), await loadShippedBenchmark(), categories);
  const checked = await analysis().call({ type: 'keep-dataset', id: Number(datasetId) });
  if (checked === null) throw new UserError(`the dataset ${datasetId} is no longer in this browser`);
  return {
    split: checked.categories,
    dataset: {
      kept: checked.kept,
      id: datasetId,
      name: checked.name,
      categories: checked.categories.filter((c) => categories.includes(c))
    }
  };
}
