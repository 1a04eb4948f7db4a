import { z } from 'zod';
import {
  fakeCompletion,
  firstIssue,
  sseFrame,
  startFakeServer,
  type Exchange,
  type FakeServer,
  type FakeServerOptions,
  type Vendor
} from './fake-server';

/**
 * A fake of Anthropic's Messages API (`POST /v1/messages`, anthropic-version 2023-06-01): the
 * message object, the stream's events (with a `ping`, as the real one sends) and the error
 * objects of Anthropic's documentation. Like the real API it refuses a `system` role message
 * and, when an Origin header says the call comes from a web page, calls without the
 * `anthropic-dangerous-direct-browser-access` header.
 */

const textBlocks = z.array(z.object({ type: z.literal('text'), text: z.string() }));

const requestSchema = z.object({
  model: z.string(),
  max_tokens: z.number().int().min(1),
  messages: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), textBlocks]) }))
    .min(1),
  system: z.union([z.string(), textBlocks]).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stream: z.boolean().optional()
});

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error'
};

const MESSAGES: Record<number, string> = {
  401: 'invalid x-api-key',
  429: 'Number of requests has exceeded your rate limit. Please try again later.',
  500: 'Internal server error',
  503: 'Overloaded',
  529: 'Overloaded'
};

function errorBody(status: number, message?: string): unknown {
  return {
    type: 'error',
    error: {
      type: ERROR_TYPES[status] ?? 'api_error',
      message: message ?? MESSAGES[status] ?? `HTTP ${status}`
    },
    request_id: 'req_fake'
  };
}

const text = (content: string | { text: string }[]): string =>
  typeof content === 'string' ? content : content.map((b) => b.text).join('');

async function messages(x: Exchange): Promise<void> {
  const raw = x.request.body;
  const roles = z.object({ messages: z.array(z.object({ role: z.string() })) }).safeParse(raw);
  if (roles.success && roles.data.messages.some((m) => m.role === 'system')) {
    const message =
      'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
    return x.sendError(400, message);
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return x.sendError(400, firstIssue(parsed.error));
  const body = parsed.data;
  if (!x.models.includes(body.model)) return x.sendError(404, `model: ${body.model}`);
  const turns = body.messages.map((m) => ({ role: m.role, content: text(m.content) }));
  const prompt = {
    model: body.model,
    system: body.system === undefined ? '' : text(body.system),
    messages: turns,
    lastUser: turns.filter((m) => m.role === 'user').at(-1)?.content ?? ''
  };
  const done = fakeCompletion(prompt, await x.answer(prompt), body.max_tokens);
  const stopReason = done.cutByLimit ? 'max_tokens' : 'end_turn';
  const id = `msg_fake${x.request.n}`;
  const usage = {
    input_tokens: done.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: done.completionTokens
  };
  if (!body.stream) {
    return x.sendJson(200, {
      id,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: done.text === '' ? [] : [{ type: 'text', text: done.text }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage
    });
  }
  const start = {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 }
    }
  };
  return x.sendSse([
    sseFrame(start, 'message_start'),
    sseFrame(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start'
    ),
    sseFrame({ type: 'ping' }, 'ping'),
    ...done.pieces.map((piece) =>
      sseFrame(
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } },
        'content_block_delta'
      )
    ),
    sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sseFrame(
      {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: done.completionTokens }
      },
      'message_delta'
    ),
    sseFrame({ type: 'message_stop' }, 'message_stop')
  ]);
}

const vendor = (options: FakeServerOptions): Vendor => ({
  basePath: '',
  errorBody: (status, message) => errorBody(status, message),
  errorEvent: (message) => sseFrame({ type: 'error', error: { type: 'overloaded_error', message } }, 'error'),
  async handle(x) {
    const headers = x.request.headers;
    if (headers.origin !== undefined && headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
      return x.sendError(401, "CORS requests must set 'anthropic-dangerous-direct-browser-access' header");
    }
    if (options.apiKey !== undefined) {
      if (headers['x-api-key'] === undefined) return x.sendError(401, 'x-api-key header is required');
      if (headers['x-api-key'] !== options.apiKey) return x.sendError(401, 'invalid x-api-key');
    }
    if (headers['anthropic-version'] === undefined)
      return x.sendError(400, 'anthropic-version: header is required');
    if (x.request.method === 'POST' && x.path === '/v1/messages') return messages(x);
    return x.sendError(404, 'Not Found');
  }
});

/** Starts a fake Anthropic API; its `url` is the origin, as the client's base URL. */
export function startAnthropicServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor(options), options);
}
