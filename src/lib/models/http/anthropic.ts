import { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse } from '../../core/ports';
import {
  anthropicError,
  anthropicRequestBody,
  anthropicStreamAdapter,
  parseAnthropicResponse
} from './anthropic-protocol';
import { apiKeySchema, baseUrlSchema, concurrencySchema, modelNameSchema, parseConfig } from './config';
import type { Endpoint } from './http-errors';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from './reply-cap';
import { completeOverHttp } from './transport';

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
  const label = 'Anthropic';
  const endpoint: Endpoint = {
    label,
    baseUrl: config.baseUrl,
    model: config.model,
    secrets: [config.apiKey],
    maxReplyBytes: config.maxReplyBytes,
    hasKey: true,
    parseError: anthropicError
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: config.stream ? 'text/event-stream' : 'application/json',
    'x-api-key': config.apiKey,
    'anthropic-version': '2023-06-01'
  };
  if (config.browser) headers['anthropic-dangerous-direct-browser-access'] = 'true';

  return {
    identity: { provider: 'anthropic', model: config.model, baseUrl: config.baseUrl },
    concurrency: config.concurrency,
    complete(request: ChatRequest): Promise<ChatResponse> {
      return completeOverHttp(
        endpoint,
        {
          url: `${config.baseUrl}/v1/messages`,
          headers,
          body: anthropicRequestBody(config.model, request, config.stream),
          stream: config.stream,
          parseBody: (json) => parseAnthropicResponse(json, label),
          streamAdapter: () => anthropicStreamAdapter(label)
        },
        request
      );
    }
  };
}
