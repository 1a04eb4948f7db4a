import { loadShippedBenchmark } from './shipped-from-bundle';
import {
  SHIPPED_DATASET_ID,
  SHIPPED_DATASET_NAME,
  viewOfBundle,
  viewOfShipped,
  type DatasetView
} from '$lib/core/dataset/view';
import { database } from '$lib/storage/instance';
import { getImported, listImported } from '$lib/storage/datasets';

export interface DatasetChoice {
  id: string;
  name: string;
}

/** Every dataset the browser can show: the shipped benchmark first, then imports. */
export async function datasetChoices(): Promise<{ choices: DatasetChoice[]; broken: string[] }> {
  const { datasets, broken } = await listImported(database);
  return {
    choices: [
      { id: SHIPPED_DATASET_ID, name: SHIPPED_DATASET_NAME },
      ...datasets.map((d) => ({ id: String(d.id), name: `${d.name} (imported)` }))
    ],
    broken
  };
}

/** The dataset with this id, or undefined when there is none. */
export async function loadDataset(id: string): Promise<DatasetView | undefined> {
  if (id === SHIPPED_DATASET_ID) return viewOfShipped(await loadShippedBenchmark());
  const numeric = Number(id);
  if (!Number.isInteger(numeric)) return undefined;
  const imported = await getImported(database, numeric);
  return imported && viewOfBundle(id, imported.name, imported.bundle);
}
