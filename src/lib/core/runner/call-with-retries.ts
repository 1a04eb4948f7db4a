import type { ChatMessage, ChatResponse, Clock } from '../ports';
import { attempt, backoffDelay } from './attempt';
import type { RunState } from './run-state';

export type CallResult =
  { ok: true; response: ChatResponse; latencyMs: number } | { ok: false; error: string; latencyMs: number };

/**
 * One call with its retries: a reply, a failure once the attempts are spent (or at once for an
 * error a retry cannot cure), or undefined when the run ended meanwhile. Errors that concern
 * the whole run (cancelled, a permanent refusal, a server that cannot be reached) end it
 * through `state`; `spent.calls` counts every request made, for the item's record.
 */
export async function callWithRetries(
  state: RunState,
  messages: ChatMessage[],
  signal: AbortSignal,
  spent: { calls: number }
): Promise<CallResult | undefined> {
  const o = state.options;
  const ctx = {
    model: state.model,
    sampling: o.sampling,
    clock: o.clock,
    timeoutMs: o.timeoutMs,
    maxReplyBytes: o.maxReplyBytes
  };
  for (let attempts = 1; ; attempts++) {
    const r = await attempt(ctx, messages, signal);
    spent.calls++;
    if (r.ok) {
      state.unreachable.reached();
      return r;
    }
    const error = r.error;
    if (signal.aborted) return undefined;
    if (error.kind === 'cancelled') {
      state.finish({ status: 'cancelled' });
      return undefined;
    }
    state.progress.failure(error.message);
    const unreachable = state.unreachable.failed(error);
    if (unreachable !== undefined) {
      state.stop('unreachable', unreachable);
      return undefined;
    }
    if (error.kind === 'permanent') {
      state.stop('permanent', error.message);
      return undefined;
    }
    if (attempts >= o.maxAttempts || error.kind === 'unretryable')
      return { ok: false, error: error.message, latencyMs: r.latencyMs };
    state.progress.retried();
    state.report();
    if (!(await waited(o.clock, backoffDelay(attempts, error, o), signal))) return undefined;
  }
}

async function waited(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
