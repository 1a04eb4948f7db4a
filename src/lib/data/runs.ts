import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { deleteRun, listRuns, storedResponseCount, type StoredRun } from '$lib/storage/runs';
import { datasetChoices, type DatasetChoice } from './datasets';

export type { StoredRun };

/** The runs page: every run of this browser with how many responses it holds, and the datasets. */
export async function loadRunList(): Promise<{
  runs: { run: StoredRun; stored: number }[];
  damaged: number;
  datasets: DatasetChoice[];
}> {
  const [{ runs, damaged }, choices] = await Promise.all([listRuns(database), datasetChoices()]);
  const counts = await Promise.all(runs.map((r) => storedResponseCount(database, r.id)));
  return { runs: runs.map((run, i) => ({ run, stored: counts[i] ?? 0 })), damaged, datasets: choices };
}

/**
 * The Web Lock a tab holds while it makes a run's calls (state/run-lock.ts): named here so
 * that deleting a run can take the same lock.
 */
export function runLockName(runId: string): string {
  return `cqbench-run:${runId}`;
}

/** The part of the browser's `LockManager` a deletion uses. */
export type RunLockRequest = <T>(
  name: string,
  options: { ifAvailable: true },
  work: (lock: Lock | null) => Promise<T>
) => Promise<T>;

function browserLocks(): RunLockRequest | undefined {
  // `navigator.locks` is typed as always present, but older browsers and Node have none.
  const { navigator } = globalThis as { navigator?: Partial<Pick<Navigator, 'locks'>> };
  const locks = navigator?.locks;
  return locks && ((name, options, work) => locks.request(name, options, work));
}

export const RUN_IN_PROGRESS =
  'This run is making calls (in this tab or another one): pause it first, then delete it.';

/**
 * Deletes a run with everything stored about it (responses, unfinished items' replies,
 * judgings, reviews, its leaderboard aggregate). Refused while a tab makes the run's calls.
 */
export function deleteStoredRun(
  id: string,
  request: RunLockRequest | undefined = browserLocks()
): Promise<void> {
  return deleteWhileIdle(id, () => deleteRun(database, id), request);
}

/**
 * Runs a deletion of run `id` (a model run or a check run) holding the run's lock, so no tab
 * can start the run while it is being deleted; refused while a tab makes the run's calls.
 */
export async function deleteWhileIdle(
  id: string,
  remove: () => Promise<void>,
  request: RunLockRequest | undefined = browserLocks()
): Promise<void> {
  if (request === undefined) {
    await remove();
    return;
  }
  const deleted = await request(runLockName(id), { ifAvailable: true }, async (lock) => {
    if (lock === null) return false;
    await remove();
    return true;
  });
  if (!deleted) throw new UserError(RUN_IN_PROGRESS);
}
