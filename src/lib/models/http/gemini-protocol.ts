import { z } from 'zod';
import { ModelError, type ChatRequest, type ChatResponse, type ChatUsage } from '../../core/ports';
import type { VendorError } from './http-errors';
import type { SseEvent } from './sse';
import {
  completionOf,
  parseEventJson,
  malformedEvent,
  truncatedStream,
  type Completion,
  type ErrorChunk,
  type StreamAdapter,
  type StreamChunk
} from './stream';

/** The Gemini API (v1beta generateContent) wire format. Pure functions. */

export function geminiRequestBody(request: ChatRequest): Record<string, unknown> {
  const { sampling } = request;
  const system = request.messages.filter((m) => m.role === 'system');
  const generationConfig: Record<string, unknown> = {
    temperature: sampling.temperature,
    topP: sampling.topP,
    maxOutputTokens: sampling.maxTokens
  };
  if (sampling.seed !== undefined) generationConfig.seed = sampling.seed;
  const body: Record<string, unknown> = {
    // Gemini calls the assistant `model`; system text goes in `systemInstruction`.
    contents: request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
    generationConfig
  };
  if (system.length > 0) body.systemInstruction = { parts: system.map((m) => ({ text: m.content })) };
  return body;
}

const count = z.number().int().nonnegative();

const usageSchema = z.object({
  promptTokenCount: count.nullish(),
  candidatesTokenCount: count.nullish(),
  cachedContentTokenCount: count.nullish(),
  thoughtsTokenCount: count.nullish()
});

const errorSchema = z.object({
  code: z.number().nullish(),
  message: z.string().nullish(),
  status: z.string().nullish(),
  details: z.array(z.looseObject({ '@type': z.string().nullish() })).nullish()
});

const responseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            parts: z.array(z.object({ text: z.string().nullish(), thought: z.boolean().nullish() })).nullish()
          })
          .nullish(),
        finishReason: z.string().nullish()
      })
    )
    .nullish(),
  usageMetadata: z.unknown().optional(),
  promptFeedback: z.object({ blockReason: z.string().nullish() }).nullish(),
  error: errorSchema.nullish()
});
type GeminiResponse = z.infer<typeof responseSchema>;

export function geminiFinishReason(reason: string | null | undefined): ChatResponse['finishReason'] {
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  return 'other';
}

/**
 * Gemini's JSON leaves out fields whose value is zero, so a missing candidates count next to a
 * prompt count means 0. Thinking tokens are generated and billed as output, as OpenAI counts
 * reasoning tokens in completion_tokens.
 */
function readUsage(value: unknown): ChatUsage | undefined {
  const parsed = usageSchema.safeParse(value);
  if (!parsed.success || typeof parsed.data.promptTokenCount !== 'number') return undefined;
  const u = parsed.data;
  const usage: ChatUsage = {
    promptTokens: u.promptTokenCount ?? 0,
    completionTokens: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0)
  };
  if (typeof u.cachedContentTokenCount === 'number') usage.cachedPromptTokens = u.cachedContentTokenCount;
  return usage;
}

/** Text parts of the first candidate; thought summaries are not part of the answer. */
function answerText(response: GeminiResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts
    .filter((p) => p.thought !== true)
    .map((p) => p.text ?? '')
    .join('');
}

/** The finish reason when this response (or chunk) is the last one, else undefined. */
function finishOf(response: GeminiResponse): ChatResponse['finishReason'] | undefined {
  const reason = response.candidates?.[0]?.finishReason;
  if (reason) return geminiFinishReason(reason);
  // A blocked prompt gets no candidates at all, only the reason it was blocked.
  if (response.promptFeedback?.blockReason) return 'other';
  return undefined;
}

/** `retryDelay` of a google.rpc.RetryInfo detail, such as "13s" or "0.5s". */
function retryDelayMs(details: z.infer<typeof errorSchema>['details']): number | undefined {
  for (const detail of details ?? []) {
    if (!detail['@type']?.endsWith('google.rpc.RetryInfo')) continue;
    const delay = z.object({ retryDelay: z.string().regex(/^\d+(\.\d+)?s$/) }).safeParse(detail);
    if (delay.success) return Math.round(Number(delay.data.retryDelay.slice(0, -1)) * 1000);
  }
  return undefined;
}

export function geminiError(body: unknown): VendorError {
  const parsed = z.object({ error: errorSchema }).safeParse(body);
  if (!parsed.success) return {};
  const { message, status, details } = parsed.data.error;
  const out: VendorError = {};
  if (message) out.message = message;
  // A wrong key gets 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not 401.
  const keyInvalid = (details ?? []).some(
    (d) => z.object({ reason: z.literal('API_KEY_INVALID') }).safeParse(d).success
  );
  if (keyInvalid || status === 'UNAUTHENTICATED') out.keyRefused = true;
  const retry = retryDelayMs(details);
  if (retry !== undefined) out.retryAfterMs = retry;
  return out;
}

function errorChunk(error: z.infer<typeof errorSchema>): ErrorChunk {
  const chunk: ErrorChunk = { type: 'error', message: error.message ?? 'unknown error' };
  if (typeof error.code === 'number') chunk.status = error.code;
  if (error.status) chunk.code = error.status;
  return chunk;
}

export function parseGeminiResponse(body: unknown, label: string): Completion {
  const parsed = responseSchema.safeParse(body);
  const finish = parsed.success ? finishOf(parsed.data) : undefined;
  if (!parsed.success || (finish === undefined && !parsed.data.candidates)) {
    throw new ModelError('transient', `${label} sent a response of an unexpected shape (no candidates)`);
  }
  return completionOf(answerText(parsed.data), finish ?? 'other', readUsage(parsed.data.usageMetadata));
}

/**
 * Every chunk is a partial GenerateContentResponse; the last one carries the finish reason.
 * Gemini has no end marker, so the stream is read to its close and then checked for a finish.
 */
export function geminiStreamAdapter(label: string): StreamAdapter {
  let finished = false;
  return {
    done: false,
    push(event: SseEvent): StreamChunk[] {
      const parsed = responseSchema.safeParse(parseEventJson(event.data, label));
      if (!parsed.success) throw malformedEvent(label, 'GenerateContentResponse');
      if (parsed.data.error) return [errorChunk(parsed.data.error)];
      const out: StreamChunk[] = [];
      const text = answerText(parsed.data);
      if (text !== '') out.push({ type: 'text', text });
      const usage = readUsage(parsed.data.usageMetadata);
      if (usage) out.push({ type: 'usage', ...usage });
      const finish = finishOf(parsed.data);
      if (finish) {
        finished = true;
        out.push({ type: 'finish', reason: finish });
      }
      return out;
    },
    end(): StreamChunk[] {
      if (!finished) throw truncatedStream(label, 'a chunk with finishReason');
      return [];
    }
  };
}
