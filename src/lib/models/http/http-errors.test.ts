import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/ports';
import { abortError, httpError, networkError, parseRetryAfter, redact, type Endpoint } from './http-errors';
import { openAIError } from './openai-protocol';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const KEY = 'sk-live-abcdef0123456789';
const endpoint: Endpoint = {
  label: 'OpenAI',
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-x',
  secrets: [KEY],
  hasKey: true,
  maxReplyBytes: 1024,
  parseError: openAIError
};
const errorBody = (message: string, code: string | null = null) =>
  JSON.stringify({ error: { message, type: 't', code } });
const map = (status: number, body = '', headers: Record<string, string> = {}, e: Endpoint = endpoint) =>
  httpError(status, new Headers(headers), body, e, NOW);

describe('parseRetryAfter', () => {
  const parse = (headers: Record<string, string>) => parseRetryAfter(new Headers(headers), NOW);

  it('reads seconds, fractional seconds and HTTP dates', () => {
    expect(parse({ 'retry-after': '2' })).toBe(2000);
    expect(parse({ 'retry-after': '0.5' })).toBe(500);
    expect(parse({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' })).toBe(30_000);
  });

  it('prefers retry-after-ms, and never returns a negative delay for a past date', () => {
    expect(parse({ 'retry-after': '2', 'retry-after-ms': '1250' })).toBe(1250);
    expect(parse({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' })).toBe(0);
  });

  it('ignores values it cannot read instead of guessing', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parse({ 'retry-after': '-3' })).toBeUndefined();
    expect(parse({ 'retry-after-ms': 'x', 'retry-after': '1' })).toBe(1000);
  });
});

describe('httpError', () => {
  it('maps 401 and 403 to a permanent error that says to check the key', () => {
    for (const status of [401, 403]) {
      const error = map(status, errorBody('nope'));
      expect(error).toMatchObject({ kind: 'permanent', details: { status } });
      expect(error.message).toMatch(/the API key was refused by OpenAI \(HTTP \d+\): check it/);
    }
  });

  it('says a key is missing when none was given', () => {
    expect(map(401, '', {}, { ...endpoint, hasKey: false, secrets: [] }).message).toMatch(
      /OpenAI needs an API key/
    );
  });

  it('maps 404 to a permanent error naming the model and the base URL', () => {
    const error = map(404, errorBody('The model `gpt-x` does not exist'));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/model "gpt-x" not found at https:\/\/api\.openai\.com\/v1/);
  });

  it("maps 400 and 422 to permanent errors carrying the server's message", () => {
    const error = map(400, errorBody("Invalid value for 'temperature'"));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain("Invalid value for 'temperature'");
    expect(map(422, 'plain text reason').message).toContain('plain text reason');
  });

  it('maps 429 and 503 to rate-limited with the delay asked for', () => {
    expect(map(429, '', { 'retry-after': '3' })).toMatchObject({
      kind: 'rate-limited',
      details: { retryAfterMs: 3000 }
    });
    const overloaded = map(503, '');
    expect(overloaded.kind).toBe('rate-limited');
    expect(overloaded.details.retryAfterMs).toBeUndefined();
  });

  it('maps other 5xx, 408 and 409 to transient', () => {
    for (const status of [500, 502, 504, 529, 408, 409]) expect(map(status).kind).toBe('transient');
  });

  it('never repeats the API key, even when the server quotes it', () => {
    const error = map(401, errorBody(`Incorrect API key provided: ${KEY}.`, 'invalid_api_key'));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
  });
});

describe('abortError', () => {
  it('is cancelled for a plain abort, timeout for a timeout, and the reason when it is a ModelError', () => {
    const plain = new AbortController();
    plain.abort();
    expect(abortError(plain.signal).kind).toBe('cancelled');
    const timeout = new AbortController();
    timeout.abort(new DOMException('timed out', 'TimeoutError'));
    expect(abortError(timeout.signal).kind).toBe('timeout');
    const own = new AbortController();
    const reason = new ModelError('timeout', 'per-request limit of 120 s');
    own.abort(reason);
    expect(abortError(own.signal)).toBe(reason);
  });
});

describe('networkError and redact', () => {
  it('is transient, names the server, and describes the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const error = networkError(new TypeError('fetch failed', { cause: refused }), endpoint, false);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/could not reach OpenAI at https:\/\/api\.openai\.com\/v1/);
    expect(error.message).toContain('ECONNREFUSED: connect ECONNREFUSED');
    expect(error.details.unreachable).toBe('refused');
  });

  it('tells an unknown host, a failed handshake and a browser’s bare refusal apart', () => {
    const coded = (code: string, message: string): TypeError =>
      new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
    const cause = (e: unknown): unknown => networkError(e, endpoint, false).details.unreachable;
    expect(cause(coded('ENOTFOUND', 'getaddrinfo ENOTFOUND nothere.invalid'))).toBe('dns');
    expect(cause(coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toBe('tls');
    expect(cause(new TypeError('Failed to fetch'))).toBe('blocked');
  });

  it('says the connection broke when the server closed it, even before the headers', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const error = networkError(new TypeError('fetch failed', { cause }), endpoint, false);
    expect(error.message).toMatch(/connection to OpenAI broke .*UND_ERR_SOCKET: other side closed/);
    expect(error.details.unreachable).toBeUndefined();
  });

  it('redacts the key from causes too', () => {
    const error = networkError(new TypeError(`invalid header value "Bearer ${KEY}"`), endpoint, true);
    expect(error.message).not.toContain(KEY);
    expect(redact(`a ${KEY} b ${KEY}`, [KEY, ''])).toBe('a [redacted] b [redacted]');
  });
});
