import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { faultsFor, type Fault, type FaultPlan } from './faults';
import { tokenize, type FakePrompt } from './fake-model';

/**
 * The machinery shared by the fake vendor servers: loopback HTTP on a free port, request
 * recording, fault injection and byte-exact writing. The vendor modules only say what their
 * protocol's bodies and events look like.
 */

export interface FakeServerOptions {
  /** Prompt -> answer text. By default the server echoes `You said: <last user message>`. */
  answer?: (prompt: FakePrompt) => string | Promise<string>;
  faults?: FaultPlan;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Delay between stream events, e.g. to abort a stream half-way. */
  eventDelayMs?: number;
  /** When set, requests must carry this key (the vendor's auth error otherwise). */
  apiKey?: string;
  /** Models the server knows; others get the vendor's 404. Default: `fake-model`. */
  models?: readonly string[];
  /** Write bodies in pieces of this many bytes, splitting characters, to exercise decoders. */
  chunkBytes?: number;
  /** Listen on this port (say, one a run could not reach before); default a free one. */
  port?: number;
}

export interface RecordedRequest {
  /** 1 for the first request (CORS preflights are not counted). */
  n: number;
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** Bytes of response body written so far (a client that stops reading stops this count). */
  sentBytes: number;
  /** When the request arrived (ms, performance.now() of the server's process). */
  at: number;
}

export interface FakeServer {
  /** What a client uses as its base URL (the OpenAI server's includes `/v1`). */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Replaced by raw invalid bytes at write time; plain ASCII, so JSON.stringify keeps it as is. */
export const INVALID_UTF8_MARKER = '~INVALID-UTF8~';
const INVALID_BYTES = Buffer.from([0xe2, 0x82]);

export type { Fault, FaultPlan } from './faults';
export { randomFaults } from './faults';
export { fakeCompletion, firstIssue, tokenize, type FakeCompletion, type FakePrompt } from './fake-model';

/** One request being answered, handed to the vendor module. */
export interface Exchange {
  request: RecordedRequest;
  /** The query-less path. */
  path: string;
  query: URLSearchParams;
  options: FakeServerOptions;
  models: readonly string[];
  answer(prompt: FakePrompt): Promise<string>;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  /** Sends SSE frames (each a complete `event:`/`data:` block); the last is the vendor's final event. */
  sendSse(frames: readonly string[], separator?: string): Promise<void>;
  /** The vendor's error body for a status. */
  sendError(status: number, message?: string): Promise<void>;
}

export interface Vendor {
  basePath: string;
  errorBody(status: number, message: string | undefined, fault?: Extract<Fault, { kind: 'status' }>): unknown;
  /** The SSE frame the vendor sends when it fails in the middle of a stream. */
  errorEvent(message: string): string;
  handle(exchange: Exchange): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'retry-after, retry-after-ms'
};

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) if (Buffer.isBuffer(part)) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return text;
  }
}

function withInvalidBytes(text: string): Buffer {
  const pieces = text.split(INVALID_UTF8_MARKER).map((piece) => Buffer.from(piece, 'utf8'));
  const out: Buffer[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) out.push(INVALID_BYTES);
    out.push(piece);
  });
  return Buffer.concat(out);
}

/** Resolves once the client has taken what was written (or the connection is gone). */
function drained(res: ServerResponse): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes the same piece again and again, as fast as the client reads, until it hangs up. */
async function writeForever(res: ServerResponse, piece: Buffer, request: RecordedRequest): Promise<void> {
  while (!res.destroyed && !res.socket?.destroyed) {
    res.write(piece);
    request.sentBytes += piece.length;
    await drained(res);
  }
}

async function writeBytes(res: ServerResponse, bytes: Buffer, chunkBytes: number | undefined): Promise<void> {
  if (!chunkBytes) {
    res.write(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += chunkBytes) {
    res.write(bytes.subarray(i, i + chunkBytes));
    // A turn of the event loop per piece, so pieces tend to leave as separate packets.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Cuts the JSON of a frame's data line in half. */
function breakFrame(frame: string): string {
  return frame.replace(
    /^data: (.*)$/m,
    (_line, json: string) => `data: ${json.slice(0, Math.ceil(json.length / 2))}`
  );
}

export async function startFakeServer(vendor: Vendor, options: FakeServerOptions = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let count = 0;
  const models = options.models ?? ['fake-model'];
  const answerFn = options.answer ?? ((p: FakePrompt) => `You said: ${p.lastUser}`);

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const n = ++count;
    const url = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const request: RecordedRequest = {
      n,
      method: req.method ?? 'GET',
      url,
      headers,
      body: parseBody(await readBody(req)),
      sentBytes: 0,
      at: performance.now()
    };
    requests.push(request);

    const faults = faultsFor(options.faults, n);
    let answered = '';
    const has = (kind: Fault['kind']): boolean => faults.some((f) => f.kind === kind);
    const delay =
      (options.latencyMs ?? 0) + faults.reduce((ms, f) => ms + (f.kind === 'latency' ? f.ms : 0), 0);
    if (delay > 0) await sleep(delay);
    if (has('reset')) {
      req.socket.destroy();
      return;
    }

    const send = async (
      status: number,
      bytes: Buffer,
      contentType: string,
      extra: Record<string, string> = {}
    ) => {
      if (has('endless') && status === 200) {
        res.writeHead(status, { ...CORS_HEADERS, ...extra, 'content-type': contentType });
        await writeForever(res, bytes.subarray(0, Math.min(bytes.length, 64)), request);
        return;
      }
      request.sentBytes += bytes.length;
      const cut = has('truncate') && status === 200;
      res.writeHead(status, {
        ...CORS_HEADERS,
        ...extra,
        'content-type': contentType,
        'content-length': bytes.length
      });
      await writeBytes(
        res,
        cut ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes,
        options.chunkBytes
      );
      // Closing mid-body: the client's read fails, as when a connection drops.
      if (cut) res.destroy();
      else res.end();
    };

    const exchange: Exchange = {
      request,
      path: new URL(url, 'http://localhost').pathname,
      query: new URL(url, 'http://localhost').searchParams,
      options,
      models,
      async answer(prompt) {
        const text = await answerFn(prompt);
        answered = text;
        if (!has('invalid-utf8')) return text;
        const [first = '', ...rest] = tokenize(text);
        return [first + INVALID_UTF8_MARKER, ...rest].join('');
      },
      async sendJson(status, body, extra) {
        let text = JSON.stringify(body);
        if (has('malformed-json') && status === 200) text = text.slice(0, Math.ceil(text.length / 2));
        await send(status, withInvalidBytes(text), 'application/json; charset=utf-8', extra);
      },
      async sendError(status, message) {
        await send(
          status,
          Buffer.from(JSON.stringify(vendor.errorBody(status, message))),
          'application/json'
        );
      },
      async sendSse(frames, separator = '\n') {
        let out = [...frames];
        if (has('malformed-json'))
          out = out.map((f, i) => (i === Math.floor(out.length / 2) ? breakFrame(f) : f));
        if (has('truncate')) out = out.slice(0, -1);
        const streamError = faults.find((f) => f.kind === 'stream-error');
        if (streamError) {
          const message = streamError.message ?? 'Overloaded';
          out = [...out.slice(0, Math.max(1, Math.floor(out.length / 2))), vendor.errorEvent(message)];
        }
        res.writeHead(200, {
          ...CORS_HEADERS,
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache'
        });
        if (has('endless')) {
          // The first event that carries the answer's first word is repeated forever.
          const word = JSON.stringify(tokenize(answered)[0] ?? '').slice(1, -1);
          const text = out.find((f) => word !== '' && f.includes(word)) ?? out[0] ?? '';
          res.write(out.slice(0, out.indexOf(text)).join(''));
          await writeForever(res, Buffer.from(text), request);
          return;
        }
        for (const frame of out) {
          request.sentBytes += Buffer.byteLength(frame);
          if (options.eventDelayMs) await sleep(options.eventDelayMs);
          if (res.destroyed) return;
          await writeBytes(res, withInvalidBytes(frame.replace(/\n/g, separator)), options.chunkBytes);
        }
        res.end();
      }
    };

    const status = faults.find((f): f is Extract<Fault, { kind: 'status' }> => f.kind === 'status');
    if (status) {
      const extra: Record<string, string> = {};
      if (status.retryAfter !== undefined) extra['retry-after'] = status.retryAfter;
      if (status.retryAfterMs !== undefined) extra['retry-after-ms'] = String(status.retryAfterMs);
      const body = Buffer.from(JSON.stringify(vendor.errorBody(status.status, status.message, status)));
      await send(status.status, body, 'application/json', extra);
      return;
    }
    await vendor.handle(exchange);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}${vendor.basePath}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      })
  };
}

/** SSE frame for `data:` JSON, optionally with an `event:` line. */
export function sseFrame(data: unknown, event?: string): string {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${json}\n\n`;
}
