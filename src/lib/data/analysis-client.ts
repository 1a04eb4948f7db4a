import {
  rebuildError,
  ScoredAssembly,
  type AnalysisEvent,
  type AnalysisReplies,
  type AnalysisRequest,
  type CrossingError,
  type KeptDataset,
  type StoredRunRef
} from '$lib/workers/analysis-protocol';
import type { RunItems } from '$lib/storage/aggregates';
import type { StoredRun } from '$lib/storage/runs';
import type { RunDataset } from '$lib/core/dataset/run-dataset';

/**
 * The main thread's side of the analysis worker: one request at a time per call, its events
 * heard through `onEvent`, its reply as a promise. Under Node (the prerender, unit tests), which
 * has no `Worker`, the same `AnalysisSession` runs in-process, so there is one code path for the
 * work; the browser build leaves that path out, so its pages never load the work themselves.
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
  const started = Promise.all([import('$lib/workers/analysis'), import('$lib/storage/instance')]).then(
    ([{ AnalysisSession }, { database }]) => new AnalysisSession(database)
  );
  return {
    async call<T extends AnalysisRequest['type']>(
      request: Extract<AnalysisRequest, { type: T }>,
      onEvent?: (event: AnalysisEvent) => void
    ): Promise<AnalysisReplies[T]> {
      const session = await started;
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
  client ??= import.meta.env.SSR
    ? inProcessClient()
    : workerClient(
        new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), {
          type: 'module',
          name: 'analysis'
        })
      );
  return client;
}

/** A stored run's items for the worker: its dataset as release files, or one the worker keeps. */
export type WorkerRunItems = RunItems<RunDataset | KeptDataset>;

/**
 * What the worker needs to score a stored run: the run and its items, a dataset the worker
 * keeps sent by reference. The worker reads the run's responses from storage itself.
 */
function storedRun(run: StoredRun, { dataset, split }: WorkerRunItems): StoredRunRef {
  if ('kept' in dataset) return { run, dataset, split: [...split] };
  const kept = keptDatasets.get(dataset);
  return {
    run,
    split: [...split],
    dataset:
      kept === undefined
        ? dataset
        : { kept, id: dataset.id, name: dataset.name, categories: Object.keys(dataset.categories) }
  };
}

// Run datasets made out of a dataset the worker checked and kept: sent by reference.
const keptDatasets = new WeakMap<RunDataset, number>();

/**
 * `dataset` is made, unchanged, out of the dataset the worker keeps under `kept` (see
 * `read-dataset`): runs scored on it send the reference, not the stories.
 */
export function madeOfKeptDataset(dataset: RunDataset, kept: number): void {
  keptDatasets.set(dataset, kept);
}

/**
 * Scored items (and keys, questions) sent back per message. Copying a message in is one task of
 * the page; 2,000 items took 60-100 ms on an idle 2-core machine and 234 ms at load 8.
 */
const SCORED_BATCH = 500;

/**
 * A stored run scored in the worker: its aggregate and its scored items (the run page). The
 * items come back in batches, each copied into the page in a short task of its own.
 */
export async function scoreInWorker(
  run: StoredRun,
  items: WorkerRunItems
): Promise<AnalysisReplies['score-run']> {
  const assembly = new ScoredAssembly();
  const reply = await analysis().call(
    { type: 'score-run', input: storedRun(run, items), batch: SCORED_BATCH },
    (event) => {
      if (event.type === 'scored') assembly.add(event);
    }
  );
  return { ...reply, scored: assembly.complete(reply.scored) };
}

/** A stored run's leaderboard aggregate, computed in the worker. */
export function aggregateInWorker(
  run: StoredRun,
  items: WorkerRunItems
): Promise<AnalysisReplies['aggregate']> {
  return analysis().call({ type: 'aggregate', input: storedRun(run, items) });
}

/** A reader run's figure on each story it was asked (the dataset page's difficulty), from the worker. */
export function readerStoriesInWorker(
  run: StoredRun,
  items: WorkerRunItems
): Promise<AnalysisReplies['reader-stories']> {
  return analysis().call({ type: 'reader-stories', input: storedRun(run, items) });
}
