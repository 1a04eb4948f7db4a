import { database } from '$lib/storage/instance';
import { listRuns, storedResponseCount, type StoredRun } from '$lib/storage/runs';
import { datasetChoices, type DatasetChoice } from './datasets';

export type { StoredRun };

/** The runs page: every run of this browser with how many responses it holds, and the datasets. */
export async function loadRunList(): Promise<{
  runs: { run: StoredRun; stored: number }[];
  damaged: number;
  datasets: DatasetChoice[];
}> {
  const [{ runs, damaged }, { choices }] = await Promise.all([listRuns(database), datasetChoices()]);
  const counts = await Promise.all(runs.map((r) => storedResponseCount(database, r.id)));
  return { runs: runs.map((run, i) => ({ run, stored: counts[i] ?? 0 })), damaged, datasets: choices };
}
