/**
 * Reads wllama's streamed chunks (OpenAI-shaped, from llama-server inside the worker) into
 * text, the finish reason and token counts. Chunks are validated: they come from outside.
 */
import { z } from 'zod';
import type { ChatResponse, ChatUsage } from '$lib/core/ports';

const count = z.number().int().nonnegative();

const chunkSchema = z.object({
  choices: z.array(
    z.object({
      // `text` in raw completions, `delta.content` in chat completions.
      text: z.string().optional(),
      delta: z.object({ content: z.string().nullish() }).optional(),
      finish_reason: z.string().nullish()
    })
  ),
  usage: z
    .object({
      prompt_tokens: count,
      completion_tokens: count,
      prompt_tokens_details: z.object({ cached_tokens: count }).optional()
    })
    .nullish(),
  // llama.cpp's own counts; the chat stream sends these but no `usage`.
  timings: z.object({ cache_n: count, prompt_n: count, predicted_n: count }).optional()
});

/** Raised when a chunk does not have the shape llama-server sends. */
export class UnexpectedChunkError extends Error {
  override readonly name = 'UnexpectedChunkError';
}

function finishOf(reason: string): ChatResponse['finishReason'] {
  return reason === 'stop' || reason === 'length' ? reason : 'other';
}

/** Accumulates one streamed answer. */
export class StreamAccumulator {
  text = '';
  finishReason: ChatResponse['finishReason'] | undefined;
  private reported: ChatUsage | undefined;
  private timed: ChatUsage | undefined;

  /** Token counts: the `usage` the server reported, else its timings. */
  get usage(): ChatUsage | undefined {
    return this.reported ?? this.timed;
  }

  /** Takes one chunk; returns the new text it carries ('' for none). */
  push(raw: unknown): string {
    const parsed = chunkSchema.safeParse(raw);
    if (!parsed.success)
      throw new UnexpectedChunkError(`unexpected chunk from wllama: ${parsed.error.message}`);
    const chunk = parsed.data;
    let delta = '';
    for (const choice of chunk.choices) {
      delta += choice.text ?? choice.delta?.content ?? '';
      if (choice.finish_reason) this.finishReason = finishOf(choice.finish_reason);
    }
    if (chunk.usage) {
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens;
      this.reported = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens: chunk.usage.completion_tokens,
        ...(cached === undefined ? {} : { cachedPromptTokens: cached })
      };
    }
    if (chunk.timings) {
      // prompt_n counts the prompt tokens evaluated, cache_n those reused from the KV cache.
      this.timed = {
        promptTokens: chunk.timings.prompt_n + chunk.timings.cache_n,
        completionTokens: chunk.timings.predicted_n,
        cachedPromptTokens: chunk.timings.cache_n
      };
    }
    this.text += delta;
    return delta;
  }
}

/**
 * Generated tokens per second, from the first text to the end: the decoding speed a user
 * sees, without the time spent reading the prompt. Undefined when it cannot be measured.
 */
export function tokensPerSecond(response: Pick<ChatResponse, 'usage' | 'timing'>): number | undefined {
  const tokens = response.usage?.completionTokens;
  const first = response.timing.firstTextMs;
  if (tokens === undefined || first === undefined || tokens < 2) return undefined;
  const seconds = (response.timing.totalMs - first) / 1000;
  return seconds > 0 ? (tokens - 1) / seconds : undefined;
}
