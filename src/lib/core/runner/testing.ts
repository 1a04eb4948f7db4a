/**
 * Test doubles for the runner: a fake clock that jumps to the next timer whenever the code
 * under test is idle, a scripted model whose latency is spent on that clock, and a store in
 * memory. A run that would take minutes of backoff finishes in milliseconds, in the same
 * order every time.
 */
import {
  ModelError,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatUsage,
  type Clock,
  type ResultStore
} from '../ports';
import {
  itemResultSchema,
  partialResultSchema,
  type ItemResult,
  type ModelIdentity,
  type PartialResult
} from '../schema/run';
import type { RunItem } from './plan';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export const FAKE_EPOCH = Date.UTC(2025, 0, 1);

export class FakeClock implements Clock {
  /** Every `sleep` asked of the clock (the runner's timeouts and backoffs), in order. */
  readonly sleeps: number[] = [];
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;
  private ticking = false;

  constructor(start = FAKE_EPOCH) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return this.wait(ms, signal);
  }

  /** Like `sleep` but not recorded: for the fake model's latency and for test scripts. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ModelError('cancelled', 'cancelled'));
        return;
      }
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(new ModelError('cancelled', 'cancelled'));
        },
        { once: true }
      );
      this.schedule();
    });
  }

  /** Timers still waiting: a finished run should leave none behind. */
  get pending(): number {
    return this.timers.length;
  }

  // A macrotask runs only once every promise chain has settled, so the code under test is
  // idle and time can jump to the next timer.
  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    setTimeout(() => {
      this.tick();
    }, 0);
  }

  private tick(): void {
    this.ticking = false;
    if (this.timers.length === 0) return;
    const at = Math.min(...this.timers.map((t) => t.at));
    this.time = Math.max(this.time, at);
    const due = this.timers.filter((t) => t.at === at).sort((a, b) => a.seq - b.seq);
    this.timers = this.timers.filter((t) => t.at !== at);
    for (const t of due) t.resolve();
    if (this.timers.length > 0) this.schedule();
  }
}

/** One scripted reply: text or an error, after `latencyMs` of fake time. */
export interface Reply {
  text?: string;
  /** Thrown after the latency: a ModelError, or anything a careless provider might throw. */
  error?: Error;
  latencyMs?: number;
  usage?: ChatUsage;
  /** Keep going when the request is aborted, as a stuck engine would. */
  ignoreSignal?: boolean;
}

export interface FakeCall {
  key: string;
  at: number;
  /** 1 for the first call for this key. */
  call: number;
}

/**
 * A model that reads the item key from the last message (see `itemsFor`) and replies from a
 * script per key, one entry per call; calls beyond the script get `answer to <key>`.
 */
export class FakeModel implements ChatModel {
  readonly identity: ModelIdentity = { provider: 'fake', model: 'scripted' };
  readonly calls: FakeCall[] = [];
  /** Keys whose request was aborted before it finished. */
  readonly aborted: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly clock: FakeClock,
    readonly concurrency = 2,
    private readonly script: Record<string, Reply[]> = {},
    private readonly latencyMs = 100
  ) {}

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const key = request.messages.at(-1)?.content ?? '';
    const call = this.calls.filter((c) => c.key === key).length + 1;
    this.calls.push({ key, at: this.clock.now(), call });
    const reply = this.script[key]?.[call - 1] ?? {};
    const latency = reply.latencyMs ?? this.latencyMs;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.clock.wait(latency, reply.ignoreSignal === true ? undefined : request.signal);
    } catch (e) {
      this.aborted.push(key);
      throw e;
    } finally {
      this.inFlight--;
    }
    if (reply.error !== undefined) throw reply.error;
    return {
      text: reply.text ?? `answer to ${key}`,
      usage: reply.usage ?? { promptTokens: 10, completionTokens: 2 },
      finishReason: 'stop',
      timing: { totalMs: latency }
    };
  }
}

/** Items whose only message is their key, for the fake model to read. */
export function itemsFor(keys: readonly string[]): RunItem[] {
  return keys.map((key, story) => ({
    key,
    category: 'test',
    story,
    messages: [{ role: 'user', content: key }]
  }));
}

/** A ResultStore in memory that checks every result against the schema the app stores. */
export class MemoryStore implements ResultStore {
  readonly saved = new Map<string, ItemResult[]>();
  /** When set, `save` throws for results it returns true for (a full disk, a quota). */
  failWhen: ((result: ItemResult) => boolean) | undefined;

  results(runId: string): ItemResult[] {
    return this.saved.get(runId) ?? [];
  }

  storedKeys(runId: string): Promise<Set<string>> {
    return Promise.resolve(new Set(this.results(runId).map((r) => r.itemKey)));
  }

  failedKeys(runId: string): Promise<Set<string>> {
    return Promise.resolve(
      new Set(
        this.results(runId)
          .filter((r) => r.output === null)
          .map((r) => r.itemKey)
      )
    );
  }

  /** `delay`: each save takes this long on the fake clock, as a slow disk would. */
  constructor(private readonly delay?: { clock: FakeClock; ms: number }) {}

  async save(runId: string, result: ItemResult): Promise<void> {
    if (this.delay !== undefined) await this.delay.clock.wait(this.delay.ms);
    if (this.failWhen?.(result) === true)
      throw new Error('QuotaExceededError: the storage quota has been exceeded');
    const list = this.saved.get(runId) ?? [];
    list.push(itemResultSchema.parse(result));
    this.saved.set(runId, list);
    this.kept.delete(`${runId}\u0000${result.itemKey}`);
  }

  /** Partials by `runId NUL itemKey`; a stored result removes its item's. */
  readonly kept = new Map<string, PartialResult>();

  savePartial(runId: string, itemKey: string, partial: PartialResult): Promise<void> {
    this.kept.set(`${runId}\u0000${itemKey}`, partialResultSchema.parse(structuredClone(partial)));
    return Promise.resolve();
  }

  partials(runId: string): Promise<Map<string, PartialResult>> {
    const out = new Map<string, PartialResult>();
    for (const [k, p] of this.kept) {
      const [run, key] = k.split('\u0000') as [string, string];
      if (run === runId) out.set(key, structuredClone(p));
    }
    return Promise.resolve(out);
  }
}
