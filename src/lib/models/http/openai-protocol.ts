import { z } from 'zod';
import { ModelError, type ChatRequest, type ChatResponse, type ChatUsage } from '../../core/ports';
import type { VendorError } from './http-errors';
import type { SseEvent } from './sse';
import {
  completionOf,
  endMarkedStream,
  malformedEvent,
  parseEventJson,
  streamErrorToModelError,
  type Completion,
  type ErrorChunk,
  type StreamAdapter,
  type StreamChunk
} from './stream';

/**
 * The OpenAI chat-completions wire format, as spoken by OpenAI and the servers that copy it
 * (vLLM, Ollama, llama.cpp, LM Studio, DeepSeek, Groq, Together, OpenRouter). Pure functions.
 */

/** Reasoning models of OpenAI refuse `max_tokens` and want `max_completion_tokens`. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

export function openAIRequestBody(
  model: string,
  request: ChatRequest,
  stream: boolean,
  maxTokensField: MaxTokensField = 'max_tokens'
): Record<string, unknown> {
  const { sampling } = request;
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: sampling.temperature,
    top_p: sampling.topP,
    [maxTokensField]: sampling.maxTokens
  };
  if (sampling.seed !== undefined) body.seed = sampling.seed;
  if (stream) {
    body.stream = true;
    // Without this the stream carries no token counts at all.
    body.stream_options = { include_usage: true };
  }
  return body;
}

const usageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish()
});

const errorObjectSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish()
});

// Servers differ: OpenAI nests an object, some nest a string, vLLM puts `message` at the top.
const errorBodySchema = z.union([
  z.object({ error: errorObjectSchema }),
  z.object({ error: z.string() }),
  z.object({ message: z.string(), code: z.union([z.string(), z.number()]).nullish() })
]);

const responseSchema = z.object({
  choices: z.array(
    z.object({
      message: z.object({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish()
    })
  ),
  usage: z.unknown().optional()
});

const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish()
      })
    )
    .nullish(),
  usage: z.unknown().optional(),
  error: errorObjectSchema.nullish()
});

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export function openAIFinishReason(reason: string | null | undefined): ChatResponse['finishReason'] {
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  return 'other';
}

/** Token counts when present and sane; a server's odd usage block must not fail the answer. */
function readUsage(value: unknown): ChatUsage | undefined {
  // Content chunks carry `usage: null`; skip the schema for those (it runs once per chunk).
  if (value === null || value === undefined) return undefined;
  const parsed = usageSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const usage: ChatUsage = {
    promptTokens: parsed.data.prompt_tokens,
    completionTokens: parsed.data.completion_tokens
  };
  const cached = parsed.data.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined && cached !== null) usage.cachedPromptTokens = cached;
  return usage;
}

export function openAIError(body: unknown): VendorError {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const data = parsed.data;
  if ('message' in data) return { message: data.message };
  if (typeof data.error === 'string') return { message: data.error };
  const out: VendorError = {};
  if (data.error.message) out.message = data.error.message;
  if (data.error.code === 'invalid_api_key') out.keyRefused = true;
  return out;
}

function errorChunk(error: z.infer<typeof errorObjectSchema>): ErrorChunk {
  const chunk: ErrorChunk = { type: 'error', message: error.message ?? 'unknown error' };
  if (typeof error.code === 'number') chunk.status = error.code;
  const code = typeof error.code === 'string' ? error.code : error.type;
  if (code) chunk.code = code;
  return chunk;
}

export function parseOpenAIResponse(body: unknown, label: string): Completion {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    // Some gateways (OpenRouter) answer 200 with only an error object.
    const error = z.object({ error: errorObjectSchema }).safeParse(body);
    if (error.success) throw streamErrorToModelError(errorChunk(error.data.error), label);
    throw new ModelError('transient', `${label} sent a response of an unexpected shape (no choices)`);
  }
  const choice = parsed.data.choices[0];
  return completionOf(
    choice?.message?.content ?? '',
    openAIFinishReason(choice?.finish_reason),
    readUsage(parsed.data.usage)
  );
}

/** Chunks carry text deltas, a finish reason, then usage; `data: [DONE]` ends the stream. */
export function openAIStreamAdapter(label: string): StreamAdapter {
  return endMarkedStream(label, 'data: [DONE]', (event: SseEvent, ended): StreamChunk[] => {
    if (event.data.trim() === '[DONE]') {
      ended();
      return [];
    }
    const parsed = chunkSchema.safeParse(parseEventJson(event.data, label));
    if (!parsed.success) throw malformedEvent(label, 'chat.completion.chunk');
    const { choices, usage, error } = parsed.data;
    if (error) return [errorChunk(error)];
    const out: StreamChunk[] = [];
    const choice = choices?.[0];
    const text = choice?.delta?.content;
    if (text) out.push({ type: 'text', text });
    if (choice?.finish_reason) out.push({ type: 'finish', reason: openAIFinishReason(choice.finish_reason) });
    const counts = readUsage(usage);
    if (counts) out.push({ type: 'usage', ...counts });
    return out;
  });
}

export function parseModelList(body: unknown, label: string): string[] {
  const parsed = modelListSchema.safeParse(body);
  if (!parsed.success) throw new ModelError('transient', `${label} sent a model list of an unexpected shape`);
  return parsed.data.data.map((m) => m.id);
}
