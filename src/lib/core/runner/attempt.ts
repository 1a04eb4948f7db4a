import { ModelError, type ChatMessage, type ChatModel, type ChatResponse, type Clock } from '../ports';
import type { Sampling } from '../schema/run';
import { cancelledError } from './clock';
import { replyTooLarge, utf8Bytes } from './reply-cap';

export type AttemptResult =
  | { ok: true; response: ChatResponse; latencyMs: number }
  | { ok: false; error: ModelError; latencyMs: number };

export interface AttemptContext {
  model: ChatModel;
  sampling: Sampling;
  clock: Clock;
  timeoutMs: number;
  /** Longest reply text in UTF-8 bytes: a longer one is cut off and fails without a retry. */
  maxReplyBytes: number;
}

/**
 * One request with its own timeout and reply cap. The request's signal aborts when `runSignal`
 * does (a cancel, or a stop of the whole run), when the time runs out, or when the streamed
 * text passes the cap, and the runner stops waiting at that moment even if the model ignores
 * the signal, so neither a cancel, a timeout nor an endless reply can hang on a stuck engine.
 */
export async function attempt(
  ctx: AttemptContext,
  messages: ChatMessage[],
  runSignal: AbortSignal
): Promise<AttemptResult> {
  const request = new AbortController();
  const timer = new AbortController();
  const stopFollowing = follow(runSignal, request);
  // Built only when the time runs out: an Error per request is measurable at high concurrency.
  let timeout: ModelError | undefined;
  void ctx.clock.sleep(ctx.timeoutMs, timer.signal).then(
    () => {
      timeout = new ModelError('timeout', `no response within ${ctx.timeoutMs / 1000} s`);
      request.abort(timeout);
    },
    () => undefined
  );
  // Every model that streams reports its text here, in-tab engines included: counting it is
  // what stops one that never ends. A reply that came whole is measured once it is in.
  let received = 0;
  let tooLarge: ModelError | undefined;
  const overCap = (): ModelError => (tooLarge ??= replyTooLarge(ctx.maxReplyBytes, ctx.model.identity.model));
  const onText = (delta: string): void => {
    received += utf8Bytes(delta);
    if (received > ctx.maxReplyBytes && !request.signal.aborted) request.abort(overCap());
  };
  const started = ctx.clock.now();
  try {
    const response = await untilAborted(
      ctx.model.complete({ messages, sampling: ctx.sampling, signal: request.signal, onText }),
      request.signal
    );
    if (utf8Bytes(response.text) > ctx.maxReplyBytes) throw overCap();
    return { ok: true, response, latencyMs: ctx.clock.now() - started };
  } catch (e) {
    let error: ModelError;
    if (runSignal.aborted) error = cancelledError();
    else if (timeout !== undefined && request.signal.reason === timeout) error = timeout;
    else if (tooLarge !== undefined) error = tooLarge;
    else error = asModelError(e);
    return { ok: false, error, latencyMs: ctx.clock.now() - started };
  } finally {
    // A pending timeout would keep the CLI's process alive and fire into a finished attempt.
    timer.abort();
    stopFollowing();
  }
}

/**
 * Errors in the runner's terms. An AbortError is a cancellation; any other unexpected error
 * (say a TypeError from a dropped connection in a provider that does not wrap it) is treated
 * as transient, so it is retried and, if it persists, stored with its message.
 */
export function asModelError(e: unknown): ModelError {
  if (e instanceof ModelError) return e;
  if (e instanceof Error && e.name === 'AbortError') return cancelledError();
  const message = e instanceof Error ? e.message : String(e);
  return new ModelError('transient', message === '' ? 'unknown error' : message);
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * How long to wait before retry number `retry` (1 for the first): exponential backoff with
 * full jitter, so many clients hit by one outage do not all come back at the same moment. A
 * server's Retry-After is a floor: waiting less would only earn another 429.
 */
export function backoffDelay(retry: number, error: ModelError, o: BackoffOptions): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (retry - 1));
  const r = Math.min(Math.max(o.random(), 0), 1);
  const jittered = Math.floor(r * ceiling);
  const floor = error.kind === 'rate-limited' ? (error.details.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, floor);
}

function follow(parent: AbortSignal, child: AbortController): () => void {
  if (parent.aborted) {
    child.abort();
    return () => undefined;
  }
  const onAbort = (): void => {
    child.abort();
  };
  parent.addEventListener('abort', onAbort, { once: true });
  return () => {
    parent.removeEventListener('abort', onAbort);
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      // The work was started anyway; its own rejection must not go unobserved.
      work.catch(() => undefined);
      reject(cancelledError());
      return;
    }
    const onAbort = (): void => {
      reject(cancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    );
  });
}
