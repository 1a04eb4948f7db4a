import { z } from 'zod';
import {
  fakeCompletion,
  startFakeServer,
  type Exchange,
  type FakeServer,
  type FakeServerOptions,
  type Fault,
  type Vendor
} from './fake-server';

/**
 * A fake of the Gemini API (v1beta `generateContent`, `streamGenerateContent` with and
 * without `alt=sse`), with the response, usageMetadata and google.rpc error shapes of its
 * reference. Like the real API it accepts the key as `x-goog-api-key` or `?key=`, answers a
 * wrong key with 400 API_KEY_INVALID, rejects unknown fields, leaves zero counts out of its
 * JSON, and separates SSE events with CRLF.
 */

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED'
};

const MESSAGES: Record<number, string> = {
  429: 'You exceeded your current quota, please check your plan and billing details.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.'
};

function errorBody(status: number, message?: string, details?: unknown[]): unknown {
  const error: Record<string, unknown> = {
    code: status,
    message: message ?? MESSAGES[status] ?? `HTTP ${status}`,
    status: STATUS[status] ?? 'UNKNOWN'
  };
  if (details) error.details = details;
  return { error };
}

function statusFaultBody(fault: Extract<Fault, { kind: 'status' }>): unknown {
  if (fault.retryDelay === undefined) return errorBody(fault.status, fault.message);
  return errorBody(fault.status, fault.message, [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: 'fake/requests' }]
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retryDelay }
  ]);
}

const parts = z.array(z.strictObject({ text: z.string() })).min(1);

const requestSchema = z.strictObject({
  contents: z.array(z.strictObject({ role: z.enum(['user', 'model']).optional(), parts })).min(1),
  systemInstruction: z.strictObject({ role: z.string().optional(), parts }).optional(),
  generationConfig: z
    .strictObject({
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.number().int().optional(),
      maxOutputTokens: z.number().int().min(1).optional(),
      seed: z.number().int().optional(),
      stopSequences: z.array(z.string()).optional(),
      candidateCount: z.number().int().optional()
    })
    .optional(),
  safetySettings: z.array(z.unknown()).optional()
});

/** The API's wording for a field it does not know or a value it does not accept. */
function invalidPayload(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const at = issue.path.length > 0 ? ` at '${issue.path.map(String).join('.')}'` : '';
    return `Invalid JSON payload received. Unknown name "${issue.keys[0] ?? ''}"${at}: Cannot find field.`;
  }
  return `Invalid JSON payload received. ${issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : ''}`;
}

const ourRole = (role: string | undefined): 'user' | 'assistant' => (role === 'model' ? 'assistant' : 'user');

const joinParts = (p: { text: string }[]): string => p.map((x) => x.text).join('');

/** Zero counts are left out, as proto3 JSON does. */
function usageMetadata(promptTokens: number, candidatesTokens: number): Record<string, unknown> {
  const out: Record<string, unknown> = { promptTokenCount: promptTokens };
  if (candidatesTokens > 0) out.candidatesTokenCount = candidatesTokens;
  out.totalTokenCount = promptTokens + candidatesTokens;
  out.promptTokensDetails = [{ modality: 'TEXT', tokenCount: promptTokens }];
  return out;
}

async function generate(x: Exchange, model: string, method: string): Promise<void> {
  const parsed = requestSchema.safeParse(x.request.body);
  if (!parsed.success) return x.sendError(400, invalidPayload(parsed.error));
  if (!x.models.includes(model)) {
    const message = `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`;
    return x.sendError(404, message);
  }
  const body = parsed.data;
  const turns = body.contents.map((c) => ({ role: ourRole(c.role), content: joinParts(c.parts) }));
  const prompt = {
    model,
    system: body.systemInstruction ? joinParts(body.systemInstruction.parts) : '',
    messages: turns,
    lastUser: turns.filter((m) => m.role === 'user').at(-1)?.content ?? ''
  };
  const done = fakeCompletion(prompt, await x.answer(prompt), body.generationConfig?.maxOutputTokens);
  const finishReason = done.cutByLimit ? 'MAX_TOKENS' : 'STOP';
  const common = { modelVersion: model, responseId: `fake${x.request.n}` };
  const candidate = (text: string, last: boolean) => ({
    content: { parts: [{ text }], role: 'model' },
    ...(last ? { finishReason } : {}),
    index: 0
  });

  if (method === 'generateContent') {
    return x.sendJson(200, {
      candidates: [candidate(done.text, true)],
      usageMetadata: usageMetadata(done.promptTokens, done.completionTokens),
      ...common
    });
  }
  const pieces = done.pieces.length > 0 ? done.pieces : [''];
  const chunks = pieces.map((piece, i) => ({
    candidates: [candidate(piece, i === pieces.length - 1)],
    usageMetadata: usageMetadata(done.promptTokens, Math.min(i + 1, done.completionTokens)),
    ...common
  }));
  // Without alt=sse the API streams one JSON array; this fake sends it in one piece.
  if (x.query.get('alt') !== 'sse') return x.sendJson(200, chunks);
  return x.sendSse(
    chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`),
    '\r\n'
  );
}

const vendor = (options: FakeServerOptions): Vendor => ({
  basePath: '',
  errorBody: (status, message, fault) => (fault ? statusFaultBody(fault) : errorBody(status, message)),
  errorEvent: (message) => `data: ${JSON.stringify(errorBody(503, message))}\n\n`,
  async handle(x) {
    if (options.apiKey !== undefined) {
      const key = x.request.headers['x-goog-api-key'] ?? x.query.get('key') ?? undefined;
      if (key === undefined) {
        const message =
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
        return x.sendError(403, message);
      }
      if (key !== options.apiKey) {
        return x.sendJson(
          400,
          errorBody(400, 'API key not valid. Please pass a valid API key.', [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
              metadata: { service: 'generativelanguage.googleapis.com' }
            }
          ])
        );
      }
    }
    if (x.request.method === 'GET' && x.path === '/v1beta/models') {
      return x.sendJson(200, {
        models: x.models.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: ['generateContent', 'countTokens']
        }))
      });
    }
    const route = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(x.path);
    if (x.request.method === 'POST' && route?.[1] && route[2])
      return generate(x, decodeURIComponent(route[1]), route[2]);
    return x.sendError(404, `The requested URL ${x.path} was not found on this server.`);
  }
});

/** Starts a fake Gemini API; its `url` is the origin, as the client's base URL. */
export function startGeminiServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(vendor(options), options);
}
