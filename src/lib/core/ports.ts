/** The interfaces the core needs from the outside world. */
import type { ItemResult, ModelIdentity, PartialResult, Sampling } from './schema/run';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  sampling: Sampling;
  /** Aborting cancels the request; the model then rejects with a ModelError of kind `cancelled`. */
  signal?: AbortSignal;
  /** Called with each streamed piece of text, in order, when the model streams. */
  onText?: (delta: string) => void;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the engine did not have to process again (a reused prefix), when it says. */
  cachedPromptTokens?: number;
}

export interface ChatResponse {
  text: string;
  usage?: ChatUsage;
  finishReason: 'stop' | 'length' | 'other';
  /** Milliseconds from the request to the first text, and to the end. */
  timing: { firstTextMs?: number; totalMs: number };
}

/** One narrow interface for every model: remote APIs, in-browser engines and baselines. */
export interface ChatModel {
  readonly identity: ModelIdentity;
  /** How many requests this model should have in flight at once. */
  readonly concurrency: number;
  complete(request: ChatRequest): Promise<ChatResponse>;
}

/**
 * Why a call failed, in the terms the runner acts on:
 * - `permanent`: retrying cannot help (bad key, unknown model, invalid request): stop the run;
 * - `rate-limited`: wait (`retryAfterMs` when the server said) and retry;
 * - `transient`: a server error, reset connection, malformed or truncated response: retry;
 * - `timeout`: the per-request time ran out: retry;
 * - `unretryable`: this item's call cannot succeed (its reply is over the size cap): the item
 *   fails without a retry and the run goes on;
 * - `cancelled`: the caller aborted: not a failure.
 */
export type ModelErrorKind =
  'permanent' | 'rate-limited' | 'transient' | 'timeout' | 'unretryable' | 'cancelled';

/**
 * Why a server could not be reached at all (a `transient` error's detail): the connection was
 * refused, the host name did not resolve, the TLS handshake failed, or the browser blocked or
 * could not make the call (it does not say whether nothing listens or CORS refused the page).
 */
export type UnreachableCause = 'refused' | 'dns' | 'tls' | 'blocked';

export interface ModelErrorDetails {
  status?: number;
  retryAfterMs?: number;
  unreachable?: UnreachableCause;
}

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly details: ModelErrorDetails = {}
  ) {
    super(message);
  }

  /** The plain form that crosses worker boundaries and is stored; rebuilt by `fromPlain`. */
  toPlain(): { name: 'ModelError'; kind: ModelErrorKind; message: string } & ModelErrorDetails {
    return { name: this.name, kind: this.kind, message: this.message, ...this.details };
  }

  static fromPlain(p: { kind: ModelErrorKind; message: string } & ModelErrorDetails): ModelError {
    const details: ModelErrorDetails = {};
    if (p.status !== undefined) details.status = p.status;
    if (p.retryAfterMs !== undefined) details.retryAfterMs = p.retryAfterMs;
    if (p.unreachable !== undefined) details.unreachable = p.unreachable;
    return new ModelError(p.kind, p.message, details);
  }
}

/** Time, injectable so retries and timeouts can be tested without waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with a `cancelled` ModelError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Where a run's responses are kept as they arrive (IndexedDB in the app, a JSONL file in the CLI). */
export interface ResultStore {
  /** Keys of items that already have a stored result: a resumed run never asks them again. */
  storedKeys(runId: string): Promise<Set<string>>;
  /** Of those, the items stored without an output (every attempt failed), so progress can say so. */
  failedKeys?(runId: string): Promise<Set<string>>;
  /** Stores one result durably before resolving; it supersedes the item's partial, if any. */
  save(runId: string, result: ItemResult): Promise<void>;
  /**
   * Keeps what an unfinished item has received so far (replaces its earlier partial), so a
   * resumed run continues from it. A store without it loses those replies on a pause.
   */
  savePartial?(runId: string, itemKey: string, partial: PartialResult): Promise<void>;
  /** The partials of items that have no stored result, by item key. */
  partials?(runId: string): Promise<Map<string, PartialResult>>;
}
