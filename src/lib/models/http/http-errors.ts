import { ModelError, type UnreachableCause } from '../../core/ports';

/**
 * HTTP failures in the runner's terms (see ModelErrorKind), with messages that tell a user
 * what to fix. Every text that may echo a request (a server's message, a fetch error) passes
 * through `redact` first: some vendors quote the API key they refused.
 */

/** What a vendor's error body says, parsed by each protocol module. */
export interface VendorError {
  message?: string;
  /** The vendor said the key is the problem, whatever the status (Gemini answers 400). */
  keyRefused?: boolean;
  /** A retry delay given in the body rather than in a header (Gemini's RetryInfo). */
  retryAfterMs?: number;
}

/** Who was called, for messages and redaction. */
export interface Endpoint {
  /** A name users recognise: `OpenAI`, `Anthropic`, `Gemini`, or the server's host. */
  label: string;
  baseUrl: string;
  /** The model asked for; '' for calls about no model (listing models). */
  model: string;
  /** Values that must never appear in a message: the API key. */
  secrets: readonly string[];
  hasKey: boolean;
  /** The reply size cap (see reply-cap.ts): reading stops there. */
  maxReplyBytes: number;
  parseError(body: unknown): VendorError;
}

const MAX_QUOTE = 400;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('[redacted]');
  return out;
}

function quote(text: string, secrets: readonly string[]): string {
  const clean = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE)}…` : clean;
}

/**
 * The delay a 429 or 503 asks for: `retry-after-ms` (OpenAI's precise form) first, then
 * `Retry-After` as seconds or as an HTTP date. Unparseable values are ignored, not guessed.
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its month; Date.parse alone would read "-3" as a year.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function parseBodyText(text: string, endpoint: Endpoint): VendorError {
  try {
    const json: unknown = JSON.parse(text);
    return endpoint.parseError(json);
  } catch {
    return text.trim() === '' ? {} : { message: text };
  }
}

/** A non-2xx response as a ModelError; `bodyText` is the response body as decoded text. */
export function httpError(
  status: number,
  headers: Headers,
  bodyText: string,
  endpoint: Endpoint,
  nowMs: number
): ModelError {
  const { label, baseUrl, model, secrets } = endpoint;
  const vendor = parseBodyText(bodyText, endpoint);
  const said = vendor.message ? `; the server said: ${quote(vendor.message, secrets)}` : '';
  const at = `(HTTP ${status})`;

  if (status === 401 || status === 403 || vendor.keyRefused) {
    const message = endpoint.hasKey
      ? `the API key was refused by ${label} ${at}: check it${said}`
      : `${label} needs an API key ${at}: set one${said}`;
    return new ModelError('permanent', message, { status });
  }
  if (status === 404 && model === '') {
    return new ModelError('permanent', `nothing found at ${baseUrl} ${at}: check the base URL${said}`, {
      status
    });
  }
  if (status === 404) {
    return new ModelError(
      'permanent',
      `model "${model}" not found at ${baseUrl} ${at}: check the model name and the base URL${said}`,
      { status }
    );
  }
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers, nowMs) ?? vendor.retryAfterMs;
    const wait = retryAfterMs === undefined ? '' : `; it asks to wait ${formatDelay(retryAfterMs)}`;
    const what = status === 429 ? 'is rate-limiting requests' : 'is overloaded';
    const details = retryAfterMs === undefined ? { status } : { status, retryAfterMs };
    return new ModelError('rate-limited', `${label} ${what} ${at}${wait}${said}`, details);
  }
  // A request timeout or conflict is about this moment, not about the request itself.
  if (status === 408 || status === 409 || status === 425 || status >= 500) {
    return new ModelError('transient', `${label} failed to answer ${at}${said}`, { status });
  }
  const reason = vendor.message ? quote(vendor.message, secrets) : 'no reason given';
  return new ModelError('permanent', `${label} rejected the request ${at}: ${reason}`, { status });
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * Why an aborted call stopped. A caller may abort with a ModelError as the reason (the runner's
 * per-request timeout does), or with AbortSignal.timeout(); anything else is a cancellation.
 */
export function abortError(signal: AbortSignal): ModelError {
  const reason: unknown = signal.reason;
  if (reason instanceof ModelError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError')
    return new ModelError('timeout', 'the request took too long and was stopped');
  return new ModelError('cancelled', 'the request was cancelled');
}

/** A failure below HTTP (refused, reset, DNS, CORS in a browser): the server may come back. */
export function networkError(error: unknown, endpoint: Endpoint, duringBody: boolean): ModelError {
  const cause = describeCause(error);
  const detail = cause ? ` (${quote(cause, endpoint.secrets)})` : '';
  // A reset can come before the headers are read, yet the server was reached all the same.
  const broke =
    duringBody || /ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed|terminated|socket hang up/i.test(cause);
  const message = broke
    ? `the connection to ${endpoint.label} broke before the answer was complete${detail}`
    : `could not reach ${endpoint.label} at ${endpoint.baseUrl}${detail}: is the server running, and does it allow this page's origin (CORS) when called from a browser?`;
  return broke
    ? new ModelError('transient', message)
    : new ModelError('transient', message, { unreachable: unreachableCause(cause) });
}

/**
 * Node names the socket's failure in the cause's code; a browser says only "Failed to fetch",
 * whether nothing listens, the name does not resolve or CORS refused the page.
 */
function unreachableCause(cause: string): UnreachableCause {
  if (/ECONNREFUSED/.test(cause)) return 'refused';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(cause)) return 'dns';
  if (/CERT|SSL|TLS|certificate|EPROTO/i.test(cause)) return 'tls';
  return 'blocked';
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Node's fetch wraps the socket error ("other side closed", ECONNRESET) in `cause`.
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = 'code' in current && typeof current.code === 'string' ? `${current.code}: ` : '';
    parts.push(`${code}${current.message}`);
    current = current.cause;
  }
  return parts.join(' <- ');
}
