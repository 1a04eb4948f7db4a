import type { ChatModel, ResultStore } from '../ports';
import type { PartialResult } from '../schema/run';
import { askItem } from './ask-item';
import { sharedPrefixLength, type RunItem } from './plan';
import { ProgressTracker, type RunProgress } from './progress';
import { resolveRunOptions, type RunOptions } from './run-options';
import { RunState, storageStop, type RunOutcome } from './run-state';

export { systemClock } from './clock';
export type { RunProgress } from './progress';
export type { RunOptions } from './run-options';
export type { RunOutcome, RunStop } from './run-state';

export interface RunHooks {
  /**
   * Aborting cancels the run: in-flight requests are dropped, nothing new starts. Replies an
   * unfinished item already received stay kept as its partial (see `ResultStore.savePartial`).
   */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

/** What is already stored under the run: answered keys, failed keys, unfinished items' replies. */
interface StoredSoFar {
  stored: Set<string>;
  failed: Set<string>;
  partials: Map<string, PartialResult>;
}

/**
 * Runs the items not yet stored under `runId`, saving each response as it arrives. Items
 * start in plan order, at most `concurrency` at a time; an item keeps its slot while it waits
 * to retry, so a rate-limited model gets fewer requests rather than the same number sooner.
 *
 * The engine is the same for every kind of run (see run-kind.ts); its steps are: read what is
 * stored, queue the rest, and let `concurrency` workers ask items (ask-item.ts), each call with
 * its retries (call-with-retries.ts), all sharing one RunState.
 *
 * An item of several calls (`followUps`) or with a `check` is stored once, when its last call
 * ends: `steps` holds the earlier replies, `output` the last; `usage` and `latencyMs` are the
 * sums over every reply received for the item (refused ones included), and `attempts` counts
 * every call made for it, so the item's whole cost is on its record.
 */
export async function runItems(
  model: ChatModel,
  items: readonly RunItem[],
  store: ResultStore,
  runId: string,
  options: RunOptions,
  hooks: RunHooks = {}
): Promise<RunOutcome> {
  const o = resolveRunOptions(model, options);
  checkKeys(items);
  let sofar: StoredSoFar;
  try {
    sofar = await storedSoFar(store, runId);
  } catch (e) {
    const progress = new ProgressTracker(o.clock, items.length, 0).snapshot();
    return {
      status: 'stopped',
      stopped: storageStop('could not read the stored results', e),
      unsaved: [],
      progress
    };
  }
  const queue = items.filter((item) => !sofar.stored.has(item.key));
  const progress = new ProgressTracker(
    o.clock,
    items.length,
    items.length - queue.length,
    items.filter((item) => sofar.failed.has(item.key)).length
  );
  const state = new RunState(model, o, store, runId, progress, hooks.onProgress);
  const onCancel = (): void => {
    state.finish({ status: 'cancelled' });
  };
  if (hooks.signal?.aborted) onCancel();
  hooks.signal?.addEventListener('abort', onCancel, { once: true });
  state.report();
  try {
    await workThrough(state, queue, sofar.partials);
  } finally {
    hooks.signal?.removeEventListener('abort', onCancel);
  }
  return state.outcome();
}

async function storedSoFar(store: ResultStore, runId: string): Promise<StoredSoFar> {
  return {
    stored: await store.storedKeys(runId),
    failed: (await store.failedKeys?.(runId)) ?? new Set<string>(),
    partials: (await store.partials?.(runId)) ?? new Map<string, PartialResult>()
  };
}

/** Asks the queue in order with `concurrency` workers, each taking the next item when it is free. */
async function workThrough(
  state: RunState,
  queue: readonly RunItem[],
  partials: ReadonlyMap<string, PartialResult>
): Promise<void> {
  let next = 0;
  let previous: RunItem | undefined;
  const worker = async (): Promise<void> => {
    const signal = state.workerSignal();
    while (!signal.aborted && next < queue.length) {
      const item = queue[next++]!;
      // How much of this prompt a local engine can reuse from the one before (for the progress).
      const prefillSaved = previous === undefined ? 0 : sharedPrefixLength(previous.messages, item.messages);
      previous = item;
      state.progress.started();
      try {
        await askItem(state, item, partials.get(item.key), prefillSaved, signal);
      } finally {
        state.progress.finished();
      }
    }
  };
  const workers = Math.min(state.options.concurrency, queue.length);
  await Promise.all(Array.from({ length: workers }, worker));
}

/** Two items with one key would share a stored result, and resume would never ask the second. */
function checkKeys(items: readonly RunItem[]): void {
  const keys = new Set<string>();
  for (const item of items) {
    if (keys.has(item.key)) throw new Error(`two run items have the key ${item.key}`);
    keys.add(item.key);
  }
}
