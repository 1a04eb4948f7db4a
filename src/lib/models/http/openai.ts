import { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse } from '../../core/ports';
import {
  baseUrlSchema,
  concurrencySchema,
  headersSchema,
  hostLabel,
  modelNameSchema,
  optionalApiKeySchema,
  parseConfig
} from './config';
import type { Endpoint } from './http-errors';
import { DEFAULT_REPLY_CAP, maxReplyBytesSchema } from './reply-cap';
import {
  openAIError,
  openAIRequestBody,
  openAIStreamAdapter,
  parseModelList,
  parseOpenAIResponse
} from './openai-protocol';
import { completeOverHttp, getJson } from './transport';

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
  const endpoint: Endpoint = {
    label,
    baseUrl: config.baseUrl,
    model: config.model,
    secrets: config.apiKey ? [config.apiKey] : [],
    maxReplyBytes: config.maxReplyBytes,
    hasKey: config.apiKey !== undefined,
    parseError: openAIError
  };
  const headers = (accept: string): Record<string, string> => {
    const out: Record<string, string> = { ...config.headers, accept };
    if (config.apiKey) out.authorization = `Bearer ${config.apiKey}`;
    return out;
  };

  return {
    identity: { provider: 'openai', model: config.model, baseUrl: config.baseUrl },
    concurrency: config.concurrency,
    complete(request: ChatRequest): Promise<ChatResponse> {
      return completeOverHttp(
        endpoint,
        {
          url: `${config.baseUrl}/chat/completions`,
          headers: {
            ...headers(config.stream ? 'text/event-stream' : 'application/json'),
            'content-type': 'application/json'
          },
          body: openAIRequestBody(config.model, request, config.stream, config.maxTokensField),
          stream: config.stream,
          parseBody: (json) => parseOpenAIResponse(json, label),
          streamAdapter: () => openAIStreamAdapter(label)
        },
        request
      );
    },
    async listModels(signal?: AbortSignal): Promise<string[]> {
      const json = await getJson(
        { ...endpoint, model: '' },
        `${config.baseUrl}/models`,
        headers('application/json'),
        signal
      );
      return parseModelList(json, label);
    }
  };
}
