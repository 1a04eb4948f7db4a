import { SeededRandom } from '../../src/lib/core/random';

/** Fault injection for the fake servers: what can go wrong, and on which request. */

/** A failure to inject into one request. */
export type Fault =
  /** Answer with this status and the vendor's error body (429/503 may say when to retry). */
  | {
      kind: 'status';
      status: number;
      message?: string;
      /** The Retry-After header: seconds or an HTTP date. */
      retryAfter?: string;
      /** The retry-after-ms header (OpenAI's). */
      retryAfterMs?: number;
      /** Gemini only: a RetryInfo detail in the error body, e.g. `13s`. */
      retryDelay?: string;
    }
  /** Destroy the socket before answering: the client sees a reset connection. */
  | { kind: 'reset' }
  /** 200 with a body (or one stream event) cut in the middle of its JSON. */
  | { kind: 'malformed-json' }
  /** Streaming: end the response cleanly but before the vendor's final event. Non-streaming: close mid-body. */
  | { kind: 'truncate' }
  /** Streaming: replace the second half of the stream with the vendor's in-stream error event. */
  | { kind: 'stream-error'; message?: string }
  /** Put the bytes of a cut-off character (E2 82, a euro sign without its last byte) in the answer. */
  | { kind: 'invalid-utf8' }
  | { kind: 'latency'; ms: number }
  /**
   * Never finish the answer: a stream repeats its first text event, a JSON body its first
   * characters, until the client closes the connection. Written as fast as the client reads.
   */
  | { kind: 'endless' };

/** Faults by request number (1 for the first request), or a function of the number. */
export type FaultPlan =
  | Readonly<Record<number, Fault | readonly Fault[]>>
  | ((requestNumber: number) => Fault | readonly Fault[] | undefined);

/** A plan that gives each request, with probability `rate`, one of `faults`; the same on every run. */
export function randomFaults(options: { seed: string; rate: number; faults: readonly Fault[] }): FaultPlan {
  return (n) => {
    // One generator per request number: the plan does not depend on the order of calls.
    const random = new SeededRandom(`${options.seed}:${n}`);
    return random.next() < options.rate ? random.pick(options.faults) : undefined;
  };
}

export function faultsFor(plan: FaultPlan | undefined, n: number): Fault[] {
  if (!plan) return [];
  const found = typeof plan === 'function' ? plan(n) : plan[n];
  if (!found) return [];
  return isFaultList(found) ? [...found] : [found];
}

function isFaultList(value: Fault | readonly Fault[]): value is readonly Fault[] {
  return Array.isArray(value);
}
