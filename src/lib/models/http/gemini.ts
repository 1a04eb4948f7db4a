import { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse } from '../../core/ports';
import { apiKeySchema, baseUrlSchema, concurrencySchema, parseConfig } from './config';
import type { Endpoint } from './http-errors';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from './reply-cap';
import { geminiError, geminiRequestBody, geminiStreamAdapter, parseGeminiResponse } from './gemini-protocol';
import { completeOverHttp } from './transport';

export const geminiOptionsSchema = z.object({
  baseUrl: baseUrlSchema.default('https://generativelanguage.googleapis.com'),
  apiKey: apiKeySchema,
  /** `gemini-2.5-flash`; the `models/` prefix that ListModels returns is accepted too. */
  model: z
    .string()
    .trim()
    .transform((name) => name.replace(/^models\//, ''))
    // The name goes into the URL path: no slashes, queries or fragments.
    .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a model name such as gemini-2.5-flash')),
  stream: z.boolean().default(true),
  concurrency: concurrencySchema,
  /** The reply size cap in bytes (see reply-cap.ts). */
  maxReplyBytes: maxReplyBytesSchema.default(DEFAULT_REPLY_CAP)
});
export type GeminiOptions = z.input<typeof geminiOptionsSchema>;

/** A ChatModel for the Gemini API. The key goes in a header: URLs end up in logs and histories. */
export function gemini(options: GeminiOptions): ChatModel {
  const config = parseConfig(geminiOptionsSchema, options, 'Gemini');
  const label = 'Gemini';
  const endpoint: Endpoint = {
    label,
    baseUrl: config.baseUrl,
    model: config.model,
    secrets: [config.apiKey],
    maxReplyBytes: config.maxReplyBytes,
    hasKey: true,
    parseError: geminiError
  };
  const base = `${config.baseUrl}/v1beta/models/${config.model}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: config.stream ? 'text/event-stream' : 'application/json',
    'x-goog-api-key': config.apiKey
  };

  return {
    identity: { provider: 'gemini', model: config.model, baseUrl: config.baseUrl },
    concurrency: config.concurrency,
    complete(request: ChatRequest): Promise<ChatResponse> {
      return completeOverHttp(
        endpoint,
        {
          url: config.stream ? `${base}:streamGenerateContent?alt=sse` : `${base}:generateContent`,
          headers,
          body: geminiRequestBody(request),
          stream: config.stream,
          parseBody: (json) => parseGeminiResponse(json, label),
          streamAdapter: () => geminiStreamAdapter(label)
        },
        request
      );
    }
  };
}
