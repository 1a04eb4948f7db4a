import { listRuns } from '$lib/storage/runs';
import { database } from '$lib/storage/instance';
import { IndexedDbResultStore } from '$lib/storage/runs';
import { datasetChoices } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [{ runs, damaged }, { choices }] = await Promise.all([listRuns(database), datasetChoices()]);
  const store = new IndexedDbResultStore(database);
  const counts = await Promise.all(runs.map(async (r) => (await store.storedKeys(r.id)).size));
  return { runs: runs.map((run, i) => ({ run, stored: counts[i] ?? 0 })), damaged, datasets: choices };
};
