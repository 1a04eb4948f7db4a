import {
  AnalysisSession,
  rebuildError,
  type AnalysisEvent,
  type AnalysisReplies,
  type AnalysisRequest,
  type CrossingError,
  type StagedRunInput
} from '$lib/workers/analysis';
import type { StoredRunInput } from '$lib/core/analysis';

/**
 * The main thread's side of the analysis worker: one request at a time per call, its events
 * heard through `onEvent`, its reply as a promise. Where `Worker` is absent (unit tests under
 * Node) the same `AnalysisSession` runs in-process, so there is one code path for the work.
 */
export interface AnalysisClient {
  call<T extends AnalysisRequest['type']>(
    request: Extract<AnalysisRequest, { type: T }>,
    onEvent?: (event: AnalysisEvent) => void
  ): Promise<AnalysisReplies[T]>;
}

type WorkerMessage =
  | { id: number; type: 'event'; event: AnalysisEvent }
  | { id: number; type: 'reply'; value: unknown }
  | { id: number; type: 'error'; error: CrossingError };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onEvent?: ((event: AnalysisEvent) => void) | undefined;
}

function workerClient(worker: Worker): AnalysisClient {
  const pending = new Map<number, Pending>();
  let next = 1;
  worker.onmessage = (message: MessageEvent<WorkerMessage>) => {
    const m = message.data;
    const waiting = pending.get(m.id);
    if (waiting === undefined) return;
    if (m.type === 'event') {
      waiting.onEvent?.(m.event);
      return;
    }
    pending.delete(m.id);
    if (m.type === 'reply') waiting.resolve(m.value);
    else waiting.reject(rebuildError(m.error));
  };
  worker.onerror = (event: ErrorEvent) => {
    // The worker itself failed (it could not load, say): every call waiting on it fails.
    event.preventDefault();
    for (const waiting of pending.values())
      waiting.reject(new Error(`the analysis worker failed: ${event.message || 'it could not start'}`));
    pending.clear();
  };
  return {
    call<T extends AnalysisRequest['type']>(
      request: Extract<AnalysisRequest, { type: T }>,
      onEvent?: (event: AnalysisEvent) => void
    ): Promise<AnalysisReplies[T]> {
      const id = next++;
      return new Promise<AnalysisReplies[T]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onEvent });
        worker.postMessage({ id, request });
      });
    }
  };
}

function inProcessClient(): AnalysisClient {
  const session = new AnalysisSession();
  return {
    async call<T extends AnalysisRequest['type']>(
      request: Extract<AnalysisRequest, { type: T }>,
      onEvent?: (event: AnalysisEvent) => void
    ): Promise<AnalysisReplies[T]> {
      // Structured clone, as postMessage does, so both paths hand over copies of plain data.
      const reply = await session.handle(structuredClone(request), (event) =>
        onEvent?.(structuredClone(event))
      );
      return structuredClone(reply) as AnalysisReplies[T];
    }
  };
}

let client: AnalysisClient | undefined;

/** The page's analysis worker, started on first use and kept for the page's life. */
export function analysis(): AnalysisClient {
  client ??=
    typeof Worker === 'undefined'
      ? inProcessClient()
      : workerClient(
          new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), {
            type: 'module',
            name: 'analysis'
          })
        );
  return client;
}

/** Results sent per message when a stored run goes to the worker. */
const SEND_BATCH = 5_000;

/**
 * Sends a stored run's responses ahead in batches, so no one message holds the page long to
 * copy; the run itself follows with the request that scores it.
 */
async function staged({ rawResults, ...input }: StoredRunInput): Promise<StagedRunInput> {
  let token: number | null = null;
  for (let i = 0; i < rawResults.length; i += SEND_BATCH)
    token = await analysis().call({
      type: 'stage-results',
      token,
      results: rawResults.slice(i, i + SEND_BATCH)
    });
  return { ...input, staged: token };
}

/** A stored run scored in the worker: its aggregate and its scored items (the run page). */
export async function scoreInWorker(input: StoredRunInput): Promise<AnalysisReplies['score-run']> {
  return analysis().call({ type: 'score-run', input: await staged(input) });
}

/** A stored run's leaderboard aggregate, computed in the worker. */
export async function aggregateInWorker(input: StoredRunInput): Promise<AnalysisReplies['aggregate']> {
  return analysis().call({ type: 'aggregate', input: await staged(input) });
}
