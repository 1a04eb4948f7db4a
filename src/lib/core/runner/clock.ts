import { ModelError, type Clock } from '../ports';

/** setTimeout fires at once for delays above 2^31 - 1 ms, so longer sleeps go in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Real time. A sleep rejects with a `cancelled` ModelError as soon as its signal aborts. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    let left = Math.max(0, ms);
    do {
      const step = Math.min(left, MAX_TIMER_MS);
      await sleepOnce(step, signal);
      left -= step;
    } while (left > 0);
  }
};

function sleepOnce(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    // The timer is cleared on abort: a pending one would keep a Node process (the CLI) alive.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(): ModelError {
  return new ModelError('cancelled', 'cancelled');
}
