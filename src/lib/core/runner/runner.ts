import type { ChatMessage, ChatModel, ChatResponse, ChatUsage, Clock, ResultStore } from '../ports';
import type { ItemResult, PartialResult, Sampling, StepResult } from '../schema/run';
import { attempt, backoffDelay, type AttemptContext } from './attempt';
import { systemClock } from './clock';
import { sharedPrefixLength, type RunItem } from './plan';
import { ProgressTracker, type RunProgress } from './progress';
import { UnreachableWatch } from './unreachable';

export { systemClock } from './clock';
export type { RunProgress } from './progress';

export interface RunOptions {
  sampling: Sampling;
  /** Requests in flight at once; default `model.concurrency`. */
  concurrency?: number;
  /** Time allowed for one request; default 120000. */
  timeoutMs?: number;
  /** Calls per item at most, the first included; default 6. */
  maxAttempts?: number;
  /** Backoff before the first retry (before jitter); default 1000, doubling up to `maxDelayMs`. */
  baseDelayMs?: number;
  /** Longest backoff (a server's Retry-After may ask for longer and is honoured); default 60000. */
  maxDelayMs?: number;
  /** Uniform in [0, 1) for the backoff jitter; default Math.random. */
  random?: () => number;
  /** Time and sleeping; default the real clock. */
  clock?: Clock;
  /**
   * For items with a `check`: how many refused final replies are asked again; default 2. The
   * refused texts are kept in the result's `rejected`, and the last reply is stored anyway.
   */
  maxRejected?: number;
}

export interface RunHooks {
  /**
   * Aborting cancels the run: in-flight requests are dropped, nothing new starts. Replies an
   * unfinished item already received stay kept as its partial (see `ResultStore.savePartial`).
   */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunStop {
  /**
   * `permanent`: the model refused for good (bad key, unknown model); `storage`: a save failed;
   * `unreachable`: calls in a row could not reach the server (see UnreachableWatch).
   */
  reason: 'permanent' | 'storage' | 'unreachable';
  /** The error's own message, which says what to fix. */
  message: string;
}

export type RunOutcome = {
  progress: RunProgress;
  /** Responses received but not saved (after a storage failure): save them again, or export them. */
  unsaved: ItemResult[];
} & ({ status: 'completed' } | { status: 'cancelled' } | { status: 'stopped'; stopped: RunStop });

type End = { status: 'cancelled' } | { status: 'stopped'; stopped: RunStop };

/**
 * Runs the items not yet stored under `runId`, saving each response as it arrives. Items
 * start in plan order, at most `concurrency` at a time; an item keeps its slot while it waits
 * to retry, so a rate-limited model gets fewer requests rather than the same number sooner.
 *
 * An item of several calls (`followUps`) or with a `check` is stored once, when its last call
 * ends: `steps` holds the earlier replies, `output` the last; `usage` and `latencyMs` are the
 * sums over every reply received for the item (refused ones included), and `attempts` counts
 * every call made for it, so the item's whole cost is on its record. Until then, each reply
 * that is not the item's last is kept as a partial (when the store can), so an item stopped
 * between its calls — a pause, a permanent error — continues from it when the run resumes.
 */
export async function runItems(
  model: ChatModel,
  items: readonly RunItem[],
  store: ResultStore,
  runId: string,
  options: RunOptions,
  hooks: RunHooks = {}
): Promise<RunOutcome> {
  const o = settings(model, options);
  checkKeys(items);
  const clock = o.clock;
  const unsaved: ItemResult[] = [];
  // One controller per worker rather than one for the run: each in-flight request and
  // backoff listens to its worker's signal, so a high concurrency does not pile listeners
  // onto one signal (Node warns of a leak past ten).
  const workerSignals = new Set<AbortController>();
  let halted = false;
  const halt = (): void => {
    halted = true;
    for (const c of workerSignals) c.abort();
  };
  let end: End | undefined;
  const finish = (next: End): void => {
    // The first reason wins, except that a failed save is always reported: it needs action.
    if (end === undefined || (next.status === 'stopped' && next.stopped.reason === 'storage')) end = next;
    halt();
  };
  const onCancel = (): void => {
    finish({ status: 'cancelled' });
  };
  if (hooks.signal?.aborted) onCancel();
  hooks.signal?.addEventListener('abort', onCancel, { once: true });

  let stored: Set<string>;
  let partials: Map<string, PartialResult>;
  let failedBefore: Set<string>;
  try {
    stored = await store.storedKeys(runId);
    failedBefore = (await store.failedKeys?.(runId)) ?? new Set<string>();
    partials = (await store.partials?.(runId)) ?? new Map<string, PartialResult>();
  } catch (e) {
    hooks.signal?.removeEventListener('abort', onCancel);
    const progress = new ProgressTracker(clock, items.length, 0).snapshot();
    return {
      status: 'stopped',
      stopped: storageStop('could not read the stored results', e),
      unsaved,
      progress
    };
  }
  const queue = items.filter((item) => !stored.has(item.key));
  const progress = new ProgressTracker(
    clock,
    items.length,
    items.length - queue.length,
    items.filter((item) => failedBefore.has(item.key)).length
  );
  let hookError: Error | undefined;
  const report = (): void => {
    if (hooks.onProgress === undefined || hookError !== undefined) return;
    try {
      hooks.onProgress(progress.snapshot());
    } catch (e) {
      // A fault in the caller's display must not leave requests running that nobody awaits:
      // the run winds down first and then rejects with the fault.
      hookError = e instanceof Error ? e : new Error(String(e));
      halt();
    }
  };
  const ctx: AttemptContext = { model, sampling: o.sampling, clock, timeoutMs: o.timeoutMs };
  const unreachable = new UnreachableWatch(2 * o.maxAttempts);

  const save = async (result: ItemResult, onSaved: () => void): Promise<void> => {
    try {
      await store.save(runId, result);
    } catch (e) {
      unsaved.push(result);
      finish({ status: 'stopped', stopped: storageStop(`could not save ${result.itemKey}`, e) });
      return;
    }
    onSaved();
    report();
  };

  /**
   * Keeps an unfinished item's replies. A failed write does not stop the item: its result,
   * once stored, holds the same replies; only a stop before then would ask them again.
   */
  const keep = async (key: string, partial: PartialResult): Promise<void> => {
    try {
      await store.savePartial?.(runId, key, partial);
    } catch {
      // Nothing to do: see above.
    }
  };

  /** One call with its retries: a reply, a failure after the last attempt, or undefined when halted. */
  const call = async (
    messages: ChatMessage[],
    signal: AbortSignal,
    spent: { calls: number }
  ): Promise<{ ok: true; response: ChatResponse; latencyMs: number } | CallFailure | undefined> => {
    for (let attempts = 1; ; attempts++) {
      const r = await attempt(ctx, messages, signal);
      spent.calls++;
      if (r.ok) {
        unreachable.reached();
        return r;
      }
      const error = r.error;
      if (signal.aborted) return undefined;
      if (error.kind === 'cancelled') {
        finish({ status: 'cancelled' });
        return undefined;
      }
      progress.failure(error.message);
      const unreachableStop = unreachable.failed(error);
      if (unreachableStop !== undefined) {
        finish({ status: 'stopped', stopped: { reason: 'unreachable', message: unreachableStop } });
        return undefined;
      }
      if (error.kind === 'permanent') {
        finish({ status: 'stopped', stopped: { reason: 'permanent', message: error.message } });
        return undefined;
      }
      if (attempts >= o.maxAttempts || error.kind === 'unretryable')
        return { ok: false, error: error.message, latencyMs: r.latencyMs };
      progress.retried();
      report();
      if (!(await waited(clock, backoffDelay(attempts, error, o), signal))) return undefined;
    }
  };

  /**
   * Asks one item: its first message, then each follow-up after the previous reply, then the
   * final reply's check. A failed call is retried alone (earlier replies are kept, not asked
   * again); a refused final reply is asked again up to `maxRejected` times, and the last one
   * is stored whatever it says, so the scorer can show it as unreadable. A partial kept by an
   * earlier session is taken up where it stopped.
   */
  const runOne = async (item: RunItem, prefillSaved: number, signal: AbortSignal): Promise<void> => {
    const followUps = item.followUps ?? [];
    const resumed = resumable(partials.get(item.key), item);
    const steps: StepResult[] = [...(resumed?.steps ?? [])];
    const rejected: string[] = [...(resumed?.rejected ?? [])];
    const spent = { calls: resumed?.attempts ?? 0 };
    let usage: ItemResult['usage'] = resumed?.usage;
    let latencyMs = resumed?.latencyMs ?? 0;
    let conversation = item.messages;
    steps.forEach((step, i) => {
      conversation = [
        ...conversation,
        { role: 'assistant', content: step.output },
        { role: 'user', content: followUps[i]! }
      ];
    });
    const partial = (): PartialResult => ({
      steps: [...steps],
      rejected: [...rejected],
      attempts: spent.calls,
      latencyMs,
      ...(usage === undefined ? {} : { usage })
    });
    for (;;) {
      const r = await call(conversation, signal, spent);
      if (r === undefined) return;
      const finishedAt = new Date(clock.now()).toISOString();
      const record = (): Pick<ItemResult, 'steps' | 'rejected' | 'usage'> => ({
        ...(steps.length > 0 ? { steps } : {}),
        ...(rejected.length > 0 ? { rejected } : {}),
        ...(usage === undefined ? {} : { usage })
      });
      if (!r.ok) {
        const failure: ItemResult = {
          itemKey: item.key,
          output: null,
          latencyMs: latencyMs + r.latencyMs,
          attempts: spent.calls,
          finishedAt,
          error: r.error,
          ...record()
        };
        await save(failure, () => {
          progress.failedItem();
        });
        return;
      }
      const { response } = r;
      const own = usageOf(response.usage);
      usage = addUsage(usage, own);
      latencyMs += r.latencyMs;
      const step = steps.length;
      if (step < followUps.length) {
        steps.push({
          output: response.text,
          latencyMs: r.latencyMs,
          ...(own === undefined ? {} : { usage: own })
        });
        conversation = [
          ...conversation,
          { role: 'assistant', content: response.text },
          { role: 'user', content: followUps[step]! }
        ];
        await keep(item.key, partial());
        continue;
      }
      if (item.check?.(response.text) !== undefined && rejected.length < o.maxRejected) {
        rejected.push(response.text);
        await keep(item.key, partial());
        progress.retried();
        report();
        continue;
      }
      const result: ItemResult = {
        itemKey: item.key,
        output: response.text,
        latencyMs,
        attempts: spent.calls,
        finishedAt,
        ...record()
      };
      // Saved even if the run was cancelled meanwhile: a received response is never thrown away.
      await save(result, () => {
        progress.answeredItem(usage, prefillSaved);
      });
      return;
    }
  };

  let next = 0;
  let previous: RunItem | undefined;
  const worker = async (): Promise<void> => {
    const own = new AbortController();
    workerSignals.add(own);
    if (halted) own.abort();
    while (!own.signal.aborted && next < queue.length) {
      const item = queue[next++]!;
      const prefillSaved = previous === undefined ? 0 : sharedPrefixLength(previous.messages, item.messages);
      previous = item;
      progress.started();
      try {
        await runOne(item, prefillSaved, own.signal);
      } finally {
        progress.finished();
      }
    }
  };

  report();
  try {
    const workers = Math.min(o.concurrency, queue.length);
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    hooks.signal?.removeEventListener('abort', onCancel);
  }
  if (hookError !== undefined) throw hookError;
  const final = progress.snapshot();
  return end === undefined
    ? { status: 'completed', unsaved, progress: final }
    : { ...end, unsaved, progress: final };
}

/**
 * A stored partial the item can continue from: one whose replies still fit the item's calls
 * (a plan with fewer follow-ups than the partial has steps starts the item afresh).
 */
function resumable(partial: PartialResult | undefined, item: RunItem): PartialResult | undefined {
  if (partial === undefined) return undefined;
  return partial.steps.length > (item.followUps ?? []).length ? undefined : partial;
}

interface CallFailure {
  ok: false;
  error: string;
  latencyMs: number;
}

function usageOf(usage: ChatUsage | undefined): ItemResult['usage'] {
  if (usage === undefined) return undefined;
  const { promptTokens, completionTokens, cachedPromptTokens } = usage;
  return cachedPromptTokens === undefined
    ? { promptTokens, completionTokens }
    : { promptTokens, completionTokens, cachedPromptTokens };
}

/** An item's usage is the sum over its calls (each step keeps its own as well). */
function addUsage(a: ItemResult['usage'], b: ItemResult['usage']): ItemResult['usage'] {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const sum: NonNullable<ItemResult['usage']> = {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens
  };
  if (a.cachedPromptTokens !== undefined || b.cachedPromptTokens !== undefined)
    sum.cachedPromptTokens = (a.cachedPromptTokens ?? 0) + (b.cachedPromptTokens ?? 0);
  return sum;
}

async function waited(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}

function storageStop(what: string, e: unknown): RunStop {
  return { reason: 'storage', message: `${what}: ${e instanceof Error ? e.message : String(e)}` };
}

function settings(model: ChatModel, options: RunOptions) {
  const o = {
    sampling: options.sampling,
    concurrency: options.concurrency ?? model.concurrency,
    timeoutMs: options.timeoutMs ?? 120_000,
    maxAttempts: options.maxAttempts ?? 6,
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    random: options.random ?? Math.random,
    clock: options.clock ?? systemClock,
    maxRejected: options.maxRejected ?? 2
  };
  const whole = { concurrency: o.concurrency, maxAttempts: o.maxAttempts };
  for (const [name, value] of Object.entries(whole))
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1`);
  if (!Number.isInteger(o.maxRejected) || o.maxRejected < 0)
    throw new RangeError('maxRejected must be a whole number ≥ 0');
  const times = { timeoutMs: o.timeoutMs, baseDelayMs: o.baseDelayMs, maxDelayMs: o.maxDelayMs };
  for (const [name, value] of Object.entries(times))
    if (!(value >= 0)) throw new RangeError(`${name} must be a number ≥ 0`);
  return o;
}

/** Two items with one key would share a stored result, and resume would never ask the second. */
function checkKeys(items: readonly RunItem[]): void {
  const keys = new Set<string>();
  for (const item of items) {
    if (keys.has(item.key)) throw new Error(`two run items have the key ${item.key}`);
    keys.add(item.key);
  }
}
