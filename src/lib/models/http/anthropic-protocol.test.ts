import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/ports';
import {
  anthropicError,
  anthropicFinishReason,
  anthropicRequestBody,
  anthropicStreamAdapter,
  parseAnthropicResponse
} from './anthropic-protocol';
import type { SseEvent } from './sse';
import { thrownBy } from '../../../../tests/servers/provider-cases';
import { adaptEvents, CompletionBuilder } from './stream';

const ev = (value: { type: string } & Record<string, unknown>): SseEvent => ({
  event: value.type,
  data: JSON.stringify(value)
});
const start = ev({
  type: 'message_start',
  message: {
    id: 'm',
    usage: { input_tokens: 10, cache_read_input_tokens: 30, cache_creation_input_tokens: 5, output_tokens: 1 }
  }
});
const delta = (text: string): SseEvent =>
  ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
const messageDelta = (stop: string): SseEvent =>
  ev({
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: 4 }
  });
const stop = ev({ type: 'message_stop' });

function run(events: SseEvent[]) {
  const builder = new CompletionBuilder();
  for (const c of adaptEvents(anthropicStreamAdapter('Anthropic'), events)) builder.add(c);
  return builder.result();
}

describe('anthropicRequestBody', () => {
  const sampling = { temperature: 0.7, topP: 1, maxTokens: 50, seed: 1 };

  it('moves system messages to the top-level system field and always sends max_tokens', () => {
    const body = anthropicRequestBody(
      'claude',
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
          { role: 'user', content: 'again' }
        ],
        sampling
      },
      true
    );
    expect(body).toEqual({
      model: 'claude',
      max_tokens: 50,
      system: 'be brief',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'again' }
      ],
      temperature: 0.7,
      stream: true
    });
  });

  it('sends top_p only when it restricts sampling (recent models refuse it beside temperature)', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'x' }];
    expect(anthropicRequestBody('c', { messages, sampling }, false)).not.toHaveProperty('top_p');
    expect(anthropicRequestBody('c', { messages, sampling: { ...sampling, topP: 0.9 } }, false).top_p).toBe(
      0.9
    );
    expect(anthropicRequestBody('c', { messages, sampling }, false)).not.toHaveProperty('system');
  });
});

describe('anthropicStreamAdapter', () => {
  it('reads text deltas, cumulative usage and the stop reason, ignoring ping and block events', () => {
    const result = run([
      start,
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'ping' }),
      delta('Hel'),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
      delta('lo'),
      ev({ type: 'content_block_stop', index: 0 }),
      messageDelta('end_turn'),
      stop
    ]);
    // The prompt is the uncached tokens plus both cache counts; the reused part is the cache read.
    expect(result).toEqual({
      text: 'Hello',
      finishReason: 'stop',
      usage: { promptTokens: 45, completionTokens: 4, cachedPromptTokens: 30 }
    });
  });

  it('skips event types it does not know, as the API may add some', () => {
    expect(
      run([start, ev({ type: 'brand_new_event', x: 1 }), delta('a'), messageDelta('end_turn'), stop]).text
    ).toBe('a');
  });

  it('treats a stream without message_stop as truncated and retryable', () => {
    const error = thrownBy(() =>
      adaptEvents(anthropicStreamAdapter('Anthropic'), [start, delta('a'), messageDelta('end_turn')])
    );
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/message_stop/);
  });

  it('passes on an error event with its type', () => {
    const chunks = anthropicStreamAdapter('A').push(
      ev({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
    );
    expect(chunks).toEqual([{ type: 'error', message: 'Overloaded', code: 'overloaded_error' }]);
  });

  it('rejects a known event with a broken shape', () => {
    expect(() =>
      anthropicStreamAdapter('A').push(ev({ type: 'content_block_delta', delta: 'text' }))
    ).toThrow(/unexpected shape \(content_block_delta\)/);
  });
});

describe('parseAnthropicResponse and errors', () => {
  it('joins text blocks, skips other blocks and reads usage', () => {
    const body = {
      type: 'message',
      content: [
        { type: 'thinking', thinking: 'x' },
        { type: 'text', text: 'A' },
        { type: 'text', text: 'B' }
      ],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 3, output_tokens: 9 }
    };
    expect(parseAnthropicResponse(body, 'A')).toEqual({
      text: 'AB',
      finishReason: 'length',
      usage: { promptTokens: 3, completionTokens: 9 }
    });
  });

  it('returns an empty answer for empty content', () => {
    expect(parseAnthropicResponse({ content: [], stop_reason: 'end_turn' }, 'A')).toEqual({
      text: '',
      finishReason: 'stop'
    });
  });

  it('maps stop reasons', () => {
    expect(
      ['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'refusal', null].map(anthropicFinishReason)
    ).toEqual(['stop', 'stop', 'length', 'other', 'other', 'other']);
  });

  it('reads the error body and recognises a refused key', () => {
    expect(
      anthropicError({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })
    ).toEqual({
      message: 'invalid x-api-key',
      keyRefused: true
    });
    expect(
      anthropicError({
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: Field required' }
      })
    ).toEqual({
      message: 'max_tokens: Field required'
    });
  });
});
