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
 * A fake of OpenAI's chat-completions API (`/v1/chat/completions`, `/v1/models`), with the
 * bodies, chunks and error objects of OpenAI's API reference. The 401 message quotes the
 * refused key unmasked (OpenAI masks its middle), so tests prove clients redact it.
 */

const requestSchema = z.object({
  model: z.string(),
  messages: z
    .array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant']), content: z.string() }))
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional()
});

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'requests',
  500: 'server_error',
  503: 'server_error'
};

const MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided.',
  404: 'The model does not exist or you do not have access to it.',
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.'
};

function errorBody(status: number, message?: string, code: string | null = null): unknown {
  return {
    error: {
      message: message ?? MESSAGES[status] ?? `HTTP ${status}`,
      type: TYPES[status] ?? 'server_error',
      param: null,
      code: status === 429 ? 'rate_limit_exceeded' : code
    }
  };
}

async function chat(x: Exchange): Promise<void> {
  const parsed = requestSchema.safeParse(x.request.body);
  if (!parsed.success) return x.sendJson(400, errorBody(400, `Invalid request: ${firstIssue(parsed.error)}`));
  const body = parsed.data;
  if (body.stream_options && !body.stream) {
    return x.sendJson(
      400,
      errorBody(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.")
    );
  }
  if (!x.models.includes(body.model)) {
    const message = `The model \`${body.model}\` does not exist or you do not have access to it.`;
    return x.sendJson(404, errorBody(404, message, 'model_not_found'));
  }
  const system = body.messages.filter((m) => m.role === 'system' || m.role === 'developer');
  const turns = body.messages.flatMap((m) =>
    m.role === 'user' || m.role === 'assistant' ? [{ role: m.role, content: m.content }] : []
  );
  const prompt = {
    model: body.model,
    system: system.map((m) => m.content).join('\n\n'),
    messages: turns,
    lastUser: turns.filter((m) => m.role === 'user').at(-1)?.content ?? ''
  };
  const done = fakeCompletion(prompt, await x.answer(prompt), body.max_completion_tokens ?? body.max_tokens);
  const finish = done.cutByLimit ? 'length' : 'stop';
  const usage = {
    prompt_tokens: done.promptTokens,
    completion_tokens: done.completionTokens,
    total_tokens: done.promptTokens + done.completionTokens,
    prompt_tokens_details: { cached_tokens: 0 }
  };
  const head = {
    id: `chatcmpl-fake${x.request.n}`,
    created: 1_700_000_000,
    model: body.model,
    system_fingerprint: 'fp_fake'
  };

  if (!body.stream) {
    return x.sendJson(200, {
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: done.text, refusal: null },
          logprobs: null,
          finish_reason: finish
        }
      ],
      usage
    });
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: object, finishReason: string | null): string =>
    sseFrame({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(withUsage ? { usage: null } : {})
    });
  const frames = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...done.pieces.map((piece) => chunk({ content: piece }, null)),
    chunk({}, finish)
  ];
  if (withUsage) frames.push(sseFrame({ ...head, object: 'chat.completion.chunk', choices: [], usage }));
  frames.push('data: [DONE]\n\n');
  return x.sendSse(frames);
}

const vendor = (options: FakeServerOptions): Vendor => ({
  basePath: '/v1',
  errorBody: (status, message) => errorBody(status, message),
  errorEvent: (message) => sseFrame({ error: { message, type: 'server_error', param: null, code: null } }),
  async handle(x) {
    if (options.apiKey !== undefined) {
      const auth = x.request.headers.authorization;
      if (!auth) {
        return x.sendJson(
          401,
          errorBody(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          )
        );
      }
      if (auth !== `Bearer ${options.apiKey}`) {
        const given = auth.replace(/^Bearer /, '');
        const message = `Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        return x.sendJson(401, errorBody(401, message, 'invalid_api_key'));
      }
    }
    if (x.request.method === 'GET' && x.path === '/v1/models') {
      return x.sendJson(200, {
        object: 'list',
        data: x.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' }))
      });
    }
    if (x.request.method === 'POST' && x.path === '/v1/chat/completions') return chat(x);
    return x.sendJson(404, errorBody(404, `Invalid URL (${x.request.method} ${x.path})`));
  }
});

/** Starts a fake OpenAI-compatible server; its `url` ends in `/v1`, like a client's base URL. */
export function startOpenAIServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor(options), options);
}
