import { z } from 'zod';
import type { ChatModel } from '../../core/ports';
import { apiKeySchema, baseUrlSchema, concurrencySchema, parseConfig } from './config';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from '../../core/runner/reply-cap';
import { geminiError, geminiRequestBody, geminiStreamAdapter, parseGeminiResponse } from './gemini-protocol';
import { commonVendorFields, vendorModel } from './vendor-model';

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
  const base = `${config.baseUrl}/v1beta/models/${config.model}`;
  return vendorModel({
    ...commonVendorFields('gemini', 'Gemini', config),
    headers: { 'x-goog-api-key': config.apiKey },
    url: config.stream ? `${base}:streamGenerateContent?alt=sse` : `${base}:generateContent`,
    body: geminiRequestBody,
    parseError: geminiError,
    parseBody: parseGeminiResponse,
    streamAdapter: geminiStreamAdapter
  });
}
