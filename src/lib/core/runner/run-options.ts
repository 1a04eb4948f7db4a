import type { ChatModel, Clock } from '../ports';
import type { Sampling } from '../schema/run';
import { systemClock } from './clock';
import { DEFAULT_REPLY_CAP } from './reply-cap';

export interface RunOptions {
  sampling: Sampling;
  /** Requests in flight at once; default `model.concurrency`. */
  concurrency?: number;
  /** Time allowed for one request; default 120000. */
  timeoutMs?: number;
  /** Calls per item at most, the first included; default 6. */
  maxAttempts?: number;
  /** Longest reply text, in UTF-8 bytes, before the call fails unretried; default 256 KB. */
  maxReplyBytes?: number;
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

/** The options with every default filled in. */
export type ResolvedRunOptions = Required<RunOptions>;

/** Fills in the defaults and refuses settings the engine cannot honour, before any call. */
export function resolveRunOptions(model: ChatModel, options: RunOptions): ResolvedRunOptions {
  const o: ResolvedRunOptions = {
    sampling: options.sampling,
    concurrency: options.concurrency ?? model.concurrency,
    timeoutMs: options.timeoutMs ?? 120_000,
    maxAttempts: options.maxAttempts ?? 6,
    maxReplyBytes: options.maxReplyBytes ?? DEFAULT_REPLY_CAP,
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    random: options.random ?? Math.random,
    clock: options.clock ?? systemClock,
    maxRejected: options.maxRejected ?? 2
  };
  const whole = { concurrency: o.concurrency, maxAttempts: o.maxAttempts, maxReplyBytes: o.maxReplyBytes };
  for (const [name, value] of Object.entries(whole))
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1`);
  if (!Number.isInteger(o.maxRejected) || o.maxRejected < 0)
    throw new RangeError('maxRejected must be a whole number ≥ 0');
  const times = { timeoutMs: o.timeoutMs, baseDelayMs: o.baseDelayMs, maxDelayMs: o.maxDelayMs };
  for (const [name, value] of Object.entries(times))
    if (!(value >= 0)) throw new RangeError(`${name} must be a number ≥ 0`);
  return o;
}
