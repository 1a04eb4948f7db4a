import { ModelError, type ChatResponse, type ChatUsage } from '../../core/ports';
import type { SseEvent } from './sse';

/** What every vendor's stream is reduced to: the adapters map vendor events to these. */
export type StreamChunk =
  | { type: 'text'; text: string }
  | { type: 'usage'; promptTokens?: number; completionTokens?: number; cachedPromptTokens?: number }
  | { type: 'finish'; reason: ChatResponse['finishReason'] }
  /** An error the vendor reported inside a stream that had started well. */
  | { type: 'error'; message: string; status?: number; code?: string };

export type ErrorChunk = Extract<StreamChunk, { type: 'error' }>;

export interface StreamAdapter {
  /** Maps one SSE event; throws a `transient` ModelError when its data is malformed. */
  push(event: SseEvent): StreamChunk[];
  /** True once the vendor's final event has arrived: nothing after it matters. */
  readonly done: boolean;
  /** The byte stream ended: throws a `transient` ModelError when the final event never came. */
  end(): StreamChunk[];
}

/** What a completion amounts to, whether it came as one JSON body or as a stream. */
export interface Completion {
  text: string;
  usage?: ChatUsage;
  finishReason: ChatResponse['finishReason'];
}

/** A completion, with its usage when the vendor reported it. */
export function completionOf(
  text: string,
  finishReason: ChatResponse['finishReason'],
  usage: ChatUsage | undefined
): Completion {
  return usage === undefined ? { text, finishReason } : { text, finishReason, usage };
}

/**
 * The adapter of a stream that ends with a final event (`data: [DONE]`, `message_stop`):
 * `map` turns one event into chunks and calls `ended` on the final one; a stream that closes
 * before it was cut off.
 */
export function endMarkedStream(
  label: string,
  finalEvent: string,
  map: (event: SseEvent, ended: () => void) => StreamChunk[]
): StreamAdapter {
  let done = false;
  const ended = (): void => {
    done = true;
  };
  return {
    get done() {
      return done;
    },
    push: (event) => map(event, ended),
    end() {
      if (!done) throw truncatedStream(label, finalEvent);
      return [];
    }
  };
}

/** Parses one event's JSON data; broken JSON is a damaged response, worth a retry. */
export function parseEventJson(data: string, label: string): unknown {
  try {
    const value: unknown = JSON.parse(data);
    return value;
  } catch {
    throw new ModelError('transient', `${label} sent a stream event that is not valid JSON`);
  }
}

export function truncatedStream(label: string, finalEvent: string): ModelError {
  return new ModelError(
    'transient',
    `the answer from ${label} was cut off: the stream ended before its final event (${finalEvent})`
  );
}

export function malformedEvent(label: string, what: string): ModelError {
  return new ModelError('transient', `${label} sent a stream event of an unexpected shape (${what})`);
}

/** Folds chunks into a completion; later usage figures replace earlier ones field by field. */
export class CompletionBuilder {
  text = '';
  finishReason: ChatResponse['finishReason'] | undefined;
  private promptTokens: number | undefined;
  private completionTokens: number | undefined;
  private cachedPromptTokens: number | undefined;

  add(chunk: StreamChunk): void {
    if (chunk.type === 'text') this.text += chunk.text;
    else if (chunk.type === 'finish') this.finishReason = chunk.reason;
    else if (chunk.type === 'usage') {
      this.promptTokens = chunk.promptTokens ?? this.promptTokens;
      this.completionTokens = chunk.completionTokens ?? this.completionTokens;
      this.cachedPromptTokens = chunk.cachedPromptTokens ?? this.cachedPromptTokens;
    }
  }

  /** Usage only when both counts are known: a made-up zero would skew cost and token reports. */
  result(): Completion {
    const completion: Completion = { text: this.text, finishReason: this.finishReason ?? 'other' };
    if (this.promptTokens !== undefined && this.completionTokens !== undefined) {
      const usage: ChatUsage = { promptTokens: this.promptTokens, completionTokens: this.completionTokens };
      if (this.cachedPromptTokens !== undefined) usage.cachedPromptTokens = this.cachedPromptTokens;
      completion.usage = usage;
    }
    return completion;
  }
}

/** Runs events through an adapter, end included: the adapters' tests use plain arrays. */
export function adaptEvents(adapter: StreamAdapter, events: Iterable<SseEvent>): StreamChunk[] {
  const chunks: StreamChunk[] = [];
  for (const event of events) {
    chunks.push(...adapter.push(event));
    if (adapter.done) return chunks;
  }
  chunks.push(...adapter.end());
  return chunks;
}

/** A vendor-reported stream error in the runner's terms. */
export function streamErrorToModelError(chunk: ErrorChunk, label: string): ModelError {
  const code = chunk.code ?? '';
  const message = `${label} reported an error during the answer: ${chunk.message}`;
  const details = chunk.status === undefined ? {} : { status: chunk.status };
  if (chunk.status === 429 || chunk.status === 503 || /rate_limit|overloaded|resource_exhausted/i.test(code))
    return new ModelError('rate-limited', message, details);
  if (/authentication|permission|invalid_request|not_found|invalid_argument/i.test(code))
    return new ModelError('permanent', message, details);
  return new ModelError('transient', message, details);
}
