import { z } from 'zod';
import { ModelError, type ChatRequest, type ChatResponse, type ChatUsage } from '../../core/ports';
import type { VendorError } from './http-errors';
import type { SseEvent } from './sse';
import {
  completionOf,
  endMarkedStream,
  malformedEvent,
  parseEventJson,
  type Completion,
  type ErrorChunk,
  type StreamAdapter,
  type StreamChunk
} from './stream';

/** The Anthropic Messages API wire format (anthropic-version 2023-06-01). Pure functions. */

export function anthropicRequestBody(
  model: string,
  request: ChatRequest,
  stream: boolean
): Record<string, unknown> {
  const { sampling } = request;
  // The Messages API has no system role: system text goes in the top-level `system` field.
  const system = request.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const body: Record<string, unknown> = {
    model,
    max_tokens: sampling.maxTokens,
    messages: request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role, content: m.content })),
    temperature: sampling.temperature
  };
  if (system !== '') body.system = system;
  // Recent Claude models reject temperature and top_p together; top_p 1 changes nothing anyway.
  if (sampling.topP < 1) body.top_p = sampling.topP;
  // The API has no seed parameter: `sampling.seed` cannot be honoured here.
  if (stream) body.stream = true;
  return body;
}

const count = z.number().int().nonnegative();

const usageSchema = z.object({
  input_tokens: count.nullish(),
  output_tokens: count.nullish(),
  cache_creation_input_tokens: count.nullish(),
  cache_read_input_tokens: count.nullish()
});

const errorSchema = z.object({ type: z.string().nullish(), message: z.string().nullish() });

const responseSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().nullish() })),
  stop_reason: z.string().nullish(),
  usage: z.unknown().optional()
});

const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ usage: z.unknown().optional() }) }),
  z.object({
    type: z.literal('content_block_delta'),
    delta: z.object({ type: z.string(), text: z.string().nullish() })
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: z.unknown().optional()
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('error'), error: errorSchema })
]);

// Events this adapter has no use for; the API may add more, which are skipped too.
const ignoredEvent = z.object({ type: z.string() });

export function anthropicFinishReason(reason: string | null | undefined): ChatResponse['finishReason'] {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  return 'other';
}

/**
 * `input_tokens` counts only the prompt tokens after the last cache breakpoint, so the prompt
 * size is the sum of the three input counts; cache reads are the reused prefix.
 */
function readUsage(value: unknown): Partial<ChatUsage> {
  const parsed = usageSchema.safeParse(value);
  if (!parsed.success) return {};
  const u = parsed.data;
  const out: Partial<ChatUsage> = {};
  if (typeof u.input_tokens === 'number')
    out.promptTokens =
      u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  if (typeof u.output_tokens === 'number') out.completionTokens = u.output_tokens;
  if (typeof u.cache_read_input_tokens === 'number') out.cachedPromptTokens = u.cache_read_input_tokens;
  return out;
}

export function anthropicError(body: unknown): VendorError {
  const parsed = z.object({ error: errorSchema }).safeParse(body);
  if (!parsed.success) return {};
  const out: VendorError = {};
  if (parsed.data.error.message) out.message = parsed.data.error.message;
  if (parsed.data.error.type === 'authentication_error') out.keyRefused = true;
  return out;
}

export function parseAnthropicResponse(body: unknown, label: string): Completion {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success)
    throw new ModelError('transient', `${label} sent a response of an unexpected shape (no content)`);
  const text = parsed.data.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('');
  const usage = readUsage(parsed.data.usage);
  const { promptTokens, completionTokens } = usage;
  return completionOf(
    text,
    anthropicFinishReason(parsed.data.stop_reason),
    promptTokens === undefined || completionTokens === undefined
      ? undefined
      : { ...usage, promptTokens, completionTokens }
  );
}

/** message_start, content_block_delta..., message_delta, then message_stop ends the stream. */
export function anthropicStreamAdapter(label: string): StreamAdapter {
  return endMarkedStream(label, 'message_stop', (event: SseEvent, ended): StreamChunk[] => {
    const json = parseEventJson(event.data, label);
    const parsed = eventSchema.safeParse(json);
    if (!parsed.success) {
      const other = ignoredEvent.safeParse(json);
      const known = ['message_start', 'content_block_delta', 'message_delta', 'message_stop', 'error'];
      if (other.success && !known.includes(other.data.type)) return [];
      throw malformedEvent(label, other.success ? other.data.type : event.event);
    }
    const e = parsed.data;
    switch (e.type) {
      case 'message_start':
        return [{ type: 'usage', ...readUsage(e.message.usage) }];
      case 'content_block_delta':
        // Only text: thinking and tool-input deltas are not part of the answer.
        return e.delta.type === 'text_delta' && e.delta.text ? [{ type: 'text', text: e.delta.text }] : [];
      case 'message_delta': {
        const out: StreamChunk[] = [{ type: 'usage', ...readUsage(e.usage) }];
        if (e.delta.stop_reason)
          out.push({ type: 'finish', reason: anthropicFinishReason(e.delta.stop_reason) });
        return out;
      }
      case 'message_stop':
        ended();
        return [];
      case 'error': {
        const chunk: ErrorChunk = { type: 'error', message: e.error.message ?? 'unknown error' };
        if (e.error.type) chunk.code = e.error.type;
        return [chunk];
      }
    }
  });
}
