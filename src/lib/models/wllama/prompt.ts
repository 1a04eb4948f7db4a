import type { ChatMessage } from '$lib/core/ports';
import type { Sampling } from '$lib/core/schema/run';

const ROLE_LABEL: Record<ChatMessage['role'], string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant'
};

/** Stops a model without a chat template from writing the user's next turn itself. */
export const PLAIN_STOP = ['\nUser:'];

/**
 * The prompt for a model without a chat template: one `Role: text` line per message, then
 * `Assistant:` for the model to continue.
 */
export function renderPlainPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `${ROLE_LABEL[m.role]}: ${m.content}\n`).join('') + 'Assistant:';
}

/**
 * A GBNF grammar that admits any valid UTF-8 text (without NUL). llama.cpp checks each sampled
 * token against it and resamples only when the token would break UTF-8. Without it, a byte
 * token that leaves invalid UTF-8 makes llama.cpp's JSON encoder throw inside wllama
 * (`json.exception.type_error.316`) and the request dies; with it, characters split over
 * several byte tokens still come through whole (llama-server holds back an unfinished
 * character). Token bytes (logprobs) are never requested, which would let us decode them
 * ourselves: llama.cpp then encodes each byte token's piece alone, invalid by itself, and
 * fails the same way.
 */
export const VALID_UTF8_GRAMMAR = 'root ::= [^\\x00]*';

/** llama.cpp's sampling parameters for a run's Sampling, with nothing else switched on. */
export function samplingParams(sampling: Sampling): {
  temperature: number;
  top_p: number;
  top_k: number;
  min_p: number;
  max_tokens: number;
  seed?: number;
  grammar: string;
} {
  return {
    temperature: sampling.temperature,
    top_p: sampling.topP,
    // llama.cpp's own defaults are top_k 40 and min_p 0.05; a run's sampling has neither.
    top_k: 0,
    min_p: 0,
    max_tokens: sampling.maxTokens,
    ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
    grammar: VALID_UTF8_GRAMMAR
  };
}
