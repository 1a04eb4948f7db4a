import { ModelError, type ChatRequest, type ChatResponse } from '../../core/ports';
import { abortError, httpError, networkError, type Endpoint } from './http-errors';
import { replyTooLarge, utf8Bytes } from '../../core/runner/reply-cap';
import { MODEL_LIST_CAP, STREAM_FRAMING_ALLOWANCE } from './reply-cap';
import { SseParser } from './sse';
import {
  CompletionBuilder,
  streamErrorToModelError,
  type Completion,
  type StreamAdapter,
  type StreamChunk
} from './stream';

/** One completion call, described by a protocol module; `completeOverHttp` does the rest. */
export interface CompletionCall {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  stream: boolean;
  /** Reads a non-streaming body; throws a `transient` ModelError when its shape is wrong. */
  parseBody(json: unknown): Completion;
  streamAdapter(): StreamAdapter;
}

/** An exception thrown by the caller's own `onText`: passed on untouched, never retried as ours. */
class CallerError extends Error {
  constructor(override readonly cause: unknown) {
    super('onText failed');
  }
}

/** Where the call is, so a broken connection is described accurately. */
interface Progress {
  bodyStarted: boolean;
}

/** POSTs a completion request and returns the answer, with every failure as a ModelError. */
export async function completeOverHttp(
  endpoint: Endpoint,
  call: CompletionCall,
  request: ChatRequest
): Promise<ChatResponse> {
  const { signal } = request;
  if (signal?.aborted) throw abortError(signal);
  const started = performance.now();
  const progress: Progress = { bodyStarted: false };
  try {
    const init: RequestInit = { method: 'POST', headers: call.headers, body: JSON.stringify(call.body) };
    if (signal) init.signal = signal;
    const response = await fetch(call.url, init);
    progress.bodyStarted = true;
    if (!response.ok) throw await errorFromResponse(response, endpoint);
    // Some servers ignore `stream: true` and answer with one JSON body; read it as such.
    const isJson = /application\/json/i.test(response.headers.get('content-type') ?? '');
    if (call.stream && !isJson) return await readStream(response, call, endpoint, request, started);
    const completion = call.parseBody(await readJson(response, endpoint));
    const totalMs = performance.now() - started;
    const text = completion.text.toWellFormed();
    if (text !== '') emit(request, text);
    const result: ChatResponse = {
      text,
      finishReason: completion.finishReason,
      timing: text === '' ? { totalMs } : { firstTextMs: totalMs, totalMs }
    };
    if (completion.usage) result.usage = completion.usage;
    return result;
  } catch (error) {
    throw settle(error, signal, endpoint, progress);
  }
}

/** GETs a JSON document (model lists), with the same error mapping as completions. */
export async function getJson(
  endpoint: Endpoint,
  url: string,
  headers: Record<string, string>,
  signal?: AbortSignal
): Promise<unknown> {
  if (signal?.aborted) throw abortError(signal);
  const progress: Progress = { bodyStarted: false };
  try {
    const init: RequestInit = { method: 'GET', headers };
    if (signal) init.signal = signal;
    const response = await fetch(url, init);
    progress.bodyStarted = true;
    if (!response.ok) throw await errorFromResponse(response, endpoint);
    return await readJson(response, { ...endpoint, maxReplyBytes: MODEL_LIST_CAP });
  } catch (error) {
    throw settle(error, signal, endpoint, progress);
  }
}

/** Decides what an exception means; an abort wins over whatever the abort itself caused. */
function settle(
  error: unknown,
  signal: AbortSignal | undefined,
  endpoint: Endpoint,
  progress: Progress
): unknown {
  if (error instanceof CallerError) return error.cause;
  if (signal?.aborted) return abortError(signal);
  if (error instanceof ModelError) return error;
  return networkError(error, endpoint, progress.bodyStarted);
}

function emit(request: ChatRequest, text: string): void {
  if (!request.onText) return;
  try {
    request.onText(text);
  } catch (error) {
    throw new CallerError(error);
  }
}

/**
 * Reads a body up to the reply cap, decoded as UTF-8 with replacement characters (a damaged
 * byte must not lose the answer). Past the cap it stops reading and closes the connection:
 * a server sending without end must not fill the memory before the timeout.
 */
async function readText(response: Response, endpoint: Endpoint): Promise<string> {
  const cap = endpoint.maxReplyBytes;
  const declared = Number(response.headers.get('content-length'));
  if (declared > cap) {
    await response.body?.cancel().catch(() => undefined);
    throw replyTooLarge(cap, endpoint.label);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      if (bytes > cap) throw replyTooLarge(cap, endpoint.label);
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function readJson(response: Response, endpoint: Endpoint): Promise<unknown> {
  const text = await readText(response, endpoint);
  try {
    const json: unknown = JSON.parse(text);
    return json;
  } catch {
    throw new ModelError('transient', `${endpoint.label} sent a response that is not valid JSON`, {
      status: response.status
    });
  }
}

async function errorFromResponse(response: Response, endpoint: Endpoint): Promise<ModelError> {
  let body = '';
  try {
    body = await readText(response, endpoint);
  } catch {
    // The status alone still says what went wrong (an error page over the cap is not read).
  }
  return httpError(response.status, response.headers, body, endpoint, Date.now());
}

async function readStream(
  response: Response,
  call: CompletionCall,
  endpoint: Endpoint,
  request: ChatRequest,
  started: number
): Promise<ChatResponse> {
  if (!response.body) throw new ModelError('transient', `${endpoint.label} sent an empty stream`);
  const reader = response.body.getReader();
  const parser = new SseParser();
  const adapter = call.streamAdapter();
  const builder = new CompletionBuilder();
  const cap = endpoint.maxReplyBytes;
  let firstTextMs: number | undefined;
  let textBytes = 0;
  let streamBytes = 0;
  const take = (chunks: StreamChunk[]): void => {
    for (const chunk of chunks) {
      if (chunk.type === 'error') throw streamErrorToModelError(chunk, endpoint.label);
      if (chunk.type === 'text') {
        textBytes += utf8Bytes(chunk.text);
        if (textBytes > cap) throw replyTooLarge(cap, endpoint.label);
      }
      builder.add(chunk);
      if (chunk.type === 'text' && chunk.text !== '') {
        firstTextMs ??= performance.now() - started;
        emit(request, chunk.text);
      }
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      streamBytes += value?.byteLength ?? 0;
      // One event that never ends (no blank line), or events without end that carry no text,
      // are as unbounded as endless text. Framing can weigh tens of times the text it carries.
      const events = done ? parser.end() : parser.push(value);
      if (parser.pendingChars > cap || streamBytes > STREAM_FRAMING_ALLOWANCE * cap)
        throw replyTooLarge(cap, endpoint.label);
      for (const event of events) {
        take(adapter.push(event));
        if (adapter.done) break;
      }
      if (adapter.done) break;
      if (done) {
        take(adapter.end());
        break;
      }
    }
  } finally {
    // Releases the connection when the final event came before the server closed the stream.
    await reader.cancel().catch(() => undefined);
  }
  const completion = builder.result();
  const totalMs = performance.now() - started;
  // Lone surrogates (a character cut in UTF-16 by the server) become U+FFFD, as bad bytes do.
  const result: ChatResponse = {
    text: completion.text.toWellFormed(),
    finishReason: completion.finishReason,
    timing: firstTextMs === undefined ? { totalMs } : { firstTextMs, totalMs }
  };
  if (completion.usage) result.usage = completion.usage;
  return result;
}
