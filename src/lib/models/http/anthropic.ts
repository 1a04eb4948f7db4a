import { z } from 'zod';
import type { ChatModel } from '../../core/ports';
import {
  anthropicError,
  anthropicRequestBody,
  anthropicStreamAdapter,
  parseAnthropicResponse
} from './anthropic-protocol';
import { apiKeySchema, baseUrlSchema, concurrencySchema, modelNameSchema, parseConfig } from './config';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from '../../core/runner/reply-cap';
import { commonVendorFields, vendorModel } from './vendor-model';

export const anthropicOptionsSchema = z.object({
  baseUrl: baseUrlSchema.default('https://api.anthropic.com'),
  apiKey: apiKeySchema,
  model: modelNameSchema,
  stream: z.boolean().default(true),
  concurrency: concurrencySchema,
  /** The reply size cap in bytes (see reply-cap.ts). */
  maxReplyBytes: maxReplyBytesSchema.default(DEFAULT_REPLY_CAP),
  /** Called from a web page: the API refuses cross-origin calls without an explicit opt-in. */
  browser: z.boolean().default(false)
});
export type AnthropicOptions = z.input<typeof anthropicOptionsSchema>;

/** A ChatModel for Anthropic's Messages API. */
export function anthropic(options: AnthropicOptions): ChatModel {
  const config = parseConfig(anthropicOptionsSchema, options, 'Anthropic');
  const headers: Record<string, string> = {
    'x-api-key': config.apiKey,
    'anthropic-version': '2023-06-01'
  };
  if (config.browser) headers['anthropic-dangerous-direct-browser-access'] = 'true';
  return vendorModel({
    ...commonVendorFields('anthropic', 'Anthropic', config),
    headers,
    url: `${config.baseUrl}/v1/messages`,
    body: (request) => anthropicRequestBody(config.model, request, config.stream),
    parseError: anthropicError,
    parseBody: parseAnthropicResponse,
    streamAdapter: anthropicStreamAdapter
  });
}
