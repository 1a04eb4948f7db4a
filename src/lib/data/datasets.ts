import { loadHardSplit, loadShippedBenchmark } from './shipped-from-bundle';
import {
  HARD_DATASET_ID,
  HARD_DATASET_NAME,
  SHIPPED_DATASET_ID,
  SHIPPED_DATASET_NAME,
  viewOfHard,
  viewOfShipped,
  type DatasetView
} from '$lib/core/dataset/view';
import type { CategoryFiles, NamedText } from '$lib/core/formats/bundle';
import { keptStoryFiles } from '$lib/core/annotation/validated-subset';
import { releaseFilesOf } from '$lib/core/dataset/shipped-benchmark';
import { hardReleaseFilesOf } from '$lib/core/dataset/hard-release';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { importedNames } from '$lib/storage/dataset-names';
import { isDamagedDataset } from '$lib/storage/damaged-dataset';
import { analysis } from './analysis-client';

export interface DatasetChoice {
  id: string;
  name: string;
}

/** Every dataset the browser can show: the shipped benchmark's two splits first, then imports. */
export async function datasetChoices(): Promise<DatasetChoice[]> {
  return [
    { id: SHIPPED_DATASET_ID, name: SHIPPED_DATASET_NAME },
    { id: HARD_DATASET_ID, name: HARD_DATASET_NAME },
    ...(await importedNames(database)).map((d) => ({ id: String(d.id), name: `${d.name} (imported)` }))
  ];
}

/** The dataset with this id, or undefined when there is none. */
export async function loadDataset(id: string): Promise<DatasetView | undefined> {
  if (id === SHIPPED_DATASET_ID) return viewOfShipped(await loadShippedBenchmark());
  if (id === HARD_DATASET_ID) {
    const [hard, bench] = await Promise.all([loadHardSplit(), loadShippedBenchmark()]);
    return viewOfHard(hard, bench);
  }
  const numeric = Number(id);
  if (!Number.isInteger(numeric)) return undefined;
  // Read, checked and laid out in the analysis worker: a large dataset held the page for most of a second.
  return (await analysis().call({ type: 'dataset-view', id: numeric })) ?? undefined;
}

/**
 * The datasets page: the dataset with this id (undefined when there is none), every choice but
 * the damaged imports, and those by name. Finding them means reading every import in the
 * analysis worker; a browser with no imports has nothing to check and never starts it.
 */
export async function loadDatasetPage(id: string): Promise<{
  choices: DatasetChoice[];
  /** Damaged imports: named on the page, with a way to delete them. */
  broken: DatasetChoice[];
  dataset: DatasetView | undefined;
  /** The name of the dataset asked for, when it is a damaged import. */
  damaged?: string;
}> {
  const choices = await datasetChoices();
  const imports = choices.length > 2;
  const [damaged, dataset] = await Promise.all([
    imports ? analysis().call({ type: 'damaged-datasets' }) : [],
    loadDataset(id).catch((e: unknown) => {
      // A damaged import is named on the page (below), not an error page.
      if (isDamagedDataset(e)) return undefined;
      throw e;
    })
  ]);
  const left = new Set(damaged.map((d) => String(d.id)));
  const page = {
    choices: choices.filter((c) => !left.has(c.id)),
    broken: damaged.map((d) => ({ id: String(d.id), name: d.name })),
    dataset
  };
  const asked = damaged.find((d) => String(d.id) === id);
  return asked === undefined ? page : { ...page, damaged: asked.name };
}

/** Every dataset with the names of its categories, for choosing what to run. */
export async function runnableDatasets(): Promise<{ id: string; name: string; categories: string[] }[]> {
  const runnable = await Promise.all(
    (await datasetChoices()).map(async (choice) => {
      let view: DatasetView | undefined;
      try {
        view = await loadDataset(choice.id);
      } catch (e) {
        // A damaged import cannot be run: it is left out (the Datasets page names it).
        if (isDamagedDataset(e)) return undefined;
        throw e;
      }
      return { id: choice.id, name: choice.name, categories: view?.categories.map((c) => c.name) ?? [] };
    })
  );
  return runnable.filter((d) => d !== undefined);
}

/**
 * Stores release files as one imported dataset, all or nothing (`provenance`: see
 * importReleaseFiles): read, checked and written in the analysis worker, where a large
 * dataset freezes no page. Gives its id and the oddities found in its files.
 */
export function importDataset(
  name: string,
  files: readonly NamedText[],
  provenance?: string
): Promise<{ id: number; warnings: string[] }> {
  const request = { type: 'import-dataset' as const, name, files: [...files] };
  return analysis().call(provenance === undefined ? request : { ...request, provenance });
}

export async function deleteImportedDataset(id: string): Promise<void> {
  await (await storedDatasets()).deleteImported(database, Number(id));
}

/** A dataset's release files, as the release names them, to take to another browser or tool. */
export async function datasetReleaseFiles(id: string): Promise<NamedText[]> {
  return keptStoryFiles(await releaseFilesOfDataset(id), () => true).files;
}

/** A dataset's release files by category: the shipped splits' as built, an import's as stored. */
export async function releaseFilesOfDataset(datasetId: string): Promise<Record<string, CategoryFiles>> {
  if (datasetId === SHIPPED_DATASET_ID) {
    const bench = await loadShippedBenchmark();
    return Object.fromEntries(SHIPPED_CATEGORIES.map((c) => [c, releaseFilesOf(bench, c)]));
  }
  if (datasetId === HARD_DATASET_ID) {
    const [bench, hard] = await Promise.all([loadShippedBenchmark(), loadHardSplit()]);
    return Object.fromEntries(SHIPPED_CATEGORIES.map((c) => [c, hardReleaseFilesOf(hard, bench, c)]));
  }
  const imported = await (await storedDatasets()).getImported(database, Number(datasetId));
  if (imported === undefined) throw new UserError(`the dataset ${datasetId} is no longer in this browser`);
  return imported.bundle.categories;
}

/**
 * Stored imports' own module, loaded when one is read whole or deleted: it checks built
 * datasets' construction records, code that no page needs to list or pick a dataset.
 */
function storedDatasets(): Promise<typeof import('$lib/storage/datasets')> {
  return import('$lib/storage/datasets');
}
