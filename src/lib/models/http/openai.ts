import { z } from 'zod';
import type { ChatModel } from '../../core/ports';
import {
  baseUrlSchema,
  concurrencySchema,
  headersSchema,
  hostLabel,
  modelNameSchema,
  optionalApiKeySchema,
  parseConfig
} from './config';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from '../../core/runner/reply-cap';
import {
  openAIError,
  openAIRequestBody,
  openAIStreamAdapter,
  parseModelList,
  parseOpenAIResponse
} from './openai-protocol';
import { getJson } from './transport';
import { commonVendorFields, vendorEndpoint, vendorModel, type Vendor } from './vendor-model';

export const openAICompatibleOptionsSchema = z.object({
  /** Up to and including the version, e.g. `https://api.openai.com/v1`. */
  baseUrl: baseUrlSchema,
  /** Optional: local servers (vLLM, Ollama, llama.cpp, LM Studio) usually need none. */
  apiKey: optionalApiKeySchema,
  model: modelNameSchema,
  stream: z.boolean().default(true),
  concurrency: concurrencySchema,
  /** The reply size cap in bytes (see reply-cap.ts). */
  maxReplyBytes: maxReplyBytesSchema.default(DEFAULT_REPLY_CAP),
  headers: headersSchema.optional(),
  /** The name used in error messages; the server's host by default. */
  label: z.string().min(1).optional(),
  maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens')
});
export type OpenAICompatibleOptions = z.input<typeof openAICompatibleOptionsSchema>;

export interface OpenAICompatibleModel extends ChatModel {
  /** The model ids the server offers (GET `${baseUrl}/models`). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** A ChatModel for any server that speaks OpenAI's chat-completions protocol. */
export function openAICompatible(options: OpenAICompatibleOptions): OpenAICompatibleModel {
  const config = parseConfig(openAICompatibleOptionsSchema, options, 'OpenAI-compatible');
  const label = config.label ?? hostLabel(config.baseUrl);
  const auth: Record<string, string> = config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {};
  const vendor: Vendor = {
    ...commonVendorFields('openai', label, config),
    headers: { ...config.headers, ...auth },
    url: `${config.baseUrl}/chat/completions`,
    body: (request) => openAIRequestBody(config.model, request, config.stream, config.maxTokensField),
    parseError: openAIError,
    parseBody: parseOpenAIResponse,
    streamAdapter: openAIStreamAdapter
  };
  return Object.assign(vendorModel(vendor), {
    async listModels(signal?: AbortSignal): Promise<string[]> {
      const json = await getJson(
        { ...vendorEndpoint(vendor), model: '' },
        `${config.baseUrl}/models`,
        { ...vendor.headers, accept: 'application/json' },
        signal
      );
      return parseModelList(json, label);
    }
  });
}
