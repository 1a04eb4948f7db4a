import type { ChatModel, ResultStore } from '../ports';
import type { ItemResult, PartialResult } from '../schema/run';
import type { ResolvedRunOptions } from './run-options';
import type { ProgressTracker, RunProgress } from './progress';
import { UnreachableWatch } from './unreachable';

export interface RunStop {
  /**
   * `permanent`: the model refused for good (bad key, unknown model); `storage`: a save failed;
   * `unreachable`: calls in a row could not reach the server (see UnreachableWatch).
   */
  reason: 'permanent' | 'storage' | 'unreachable';
  /** The error's own message, which says what to fix. */
  message: string;
}

export type RunEnd = { status: 'cancelled' } | { status: 'stopped'; stopped: RunStop };

export type RunOutcome = {
  progress: RunProgress;
  /** Responses received but not saved (after a storage failure): save them again, or export them. */
  unsaved: ItemResult[];
} & ({ status: 'completed' } | RunEnd);

/**
 * Everything one run's workers share: how the run ends, the progress, the responses that could
 * not be saved, and the store. Each step of the engine (a call, an item, a worker) reads and
 * changes the run through this object only, so the rules that span steps live in one place:
 * the first reason to end wins, except a failed save, which always needs action; ending
 * aborts every worker; a fault in the caller's progress display ends the run too.
 */
export class RunState {
  readonly unsaved: ItemResult[] = [];
  readonly unreachable: UnreachableWatch;
  #end: RunEnd | undefined;
  #halted = false;
  #hookError: Error | undefined;
  // One controller per worker rather than one for the run: each in-flight request and backoff
  // listens to its worker's signal, so a high concurrency does not pile listeners onto one
  // signal (Node warns of a leak past ten).
  readonly #workers = new Set<AbortController>();

  constructor(
    readonly model: ChatModel,
    readonly options: ResolvedRunOptions,
    readonly store: ResultStore,
    readonly runId: string,
    readonly progress: ProgressTracker,
    private readonly onProgress?: (progress: RunProgress) => void
  ) {
    this.unreachable = new UnreachableWatch(2 * options.maxAttempts);
  }

  /** A worker's signal: aborted when the run ends (already aborted if it has). */
  workerSignal(): AbortSignal {
    const own = new AbortController();
    this.#workers.add(own);
    if (this.#halted) own.abort();
    return own.signal;
  }

  /** Ends the run for `end`'s reason (see the class comment for which reason is kept). */
  finish(end: RunEnd): void {
    if (this.#end === undefined || (end.status === 'stopped' && end.stopped.reason === 'storage'))
      this.#end = end;
    this.#halt();
  }

  stop(reason: RunStop['reason'], message: string): void {
    this.finish({ status: 'stopped', stopped: { reason, message } });
  }

  /** Shows the progress to the caller. */
  report(): void {
    if (this.onProgress === undefined || this.#hookError !== undefined) return;
    try {
      this.onProgress(this.progress.snapshot());
    } catch (e) {
      // A fault in the caller's display must not leave requests running that nobody awaits:
      // the run winds down first and then rejects with the fault.
      this.#hookError = e instanceof Error ? e : new Error(String(e));
      this.#halt();
    }
  }

  /** Stores an item's result, then counts it with `onSaved`; a failed save stops the run. */
  async save(result: ItemResult, onSaved: () => void): Promise<void> {
    try {
      await this.store.save(this.runId, result);
    } catch (e) {
      this.unsaved.push(result);
      this.finish({ status: 'stopped', stopped: storageStop(`could not save ${result.itemKey}`, e) });
      return;
    }
    onSaved();
    this.report();
  }

  /**
   * Keeps an unfinished item's replies. A failed write does not stop the item: its result,
   * once stored, holds the same replies; only a stop before then would ask them again.
   */
  async keep(key: string, partial: PartialResult): Promise<void> {
    try {
      await this.store.savePartial?.(this.runId, key, partial);
    } catch {
      // Nothing to do: see above.
    }
  }

  /** How the run ended, once every worker has returned; rethrows a fault of the progress display. */
  outcome(): RunOutcome {
    if (this.#hookError !== undefined) throw this.#hookError;
    const progress = this.progress.snapshot();
    return this.#end === undefined
      ? { status: 'completed', unsaved: this.unsaved, progress }
      : { ...this.#end, unsaved: this.unsaved, progress };
  }

  #halt(): void {
    this.#halted = true;
    for (const c of this.#workers) c.abort();
  }
}

export function storageStop(what: string, e: unknown): RunStop {
  return { reason: 'storage', message: `${what}: ${e instanceof Error ? e.message : String(e)}` };
}
