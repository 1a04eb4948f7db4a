import { runLockName as lockName } from '$lib/data/runs';

/**
 * One run is driven by one tab. Every tab of the app may find a run left 'running' in IndexedDB
 * and resume it; without a lock, two tabs open on the Run page both asked every item (76 requests
 * for 40). A Web Lock named after the run is held while a tab makes the run's calls: the browser
 * frees it when that tab closes or crashes, so another tab can then take the run over.
 */
export interface RunLocks {
  /** Runs `work` holding the run's lock; `false` (and `work` not run) when another tab holds it. */
  hold(runId: string, work: () => Promise<void>): Promise<boolean>;
  /** Resolves once no tab holds the run's lock (the other tab paused, ended, closed or crashed). */
  whenFree(runId: string): Promise<void>;
}

/** The browser's locks, shared by every tab of this origin. */
export function webRunLocks(locks: LockManager): RunLocks {
  return {
    async hold(runId, work) {
      let granted = false;
      await locks.request(lockName(runId), { ifAvailable: true }, async (lock) => {
        if (lock === null) return;
        granted = true;
        await work();
      });
      return granted;
    },
    async whenFree(runId) {
      // Queued behind the holder; released as soon as it is granted.
      await locks.request(lockName(runId), () => undefined);
    }
  };
}

/** Browsers without Web Locks (before 2022) drive runs as before: one tab assumed. */
const unlocked: RunLocks = {
  async hold(_runId, work) {
    await work();
    return true;
  },
  whenFree: () => Promise.resolve()
};

export function runLocks(): RunLocks {
  // `navigator.locks` is typed as always present, but older browsers and Node have none.
  const { navigator } = globalThis as { navigator?: Partial<Pick<Navigator, 'locks'>> };
  return navigator?.locks === undefined ? unlocked : webRunLocks(navigator.locks);
}
