import { describe, expect, it } from 'vitest';
import { ModelError, type ChatRequest } from '../../core/ports';
import {
  openAIError,
  openAIRequestBody,
  openAIStreamAdapter,
  parseModelList,
  parseOpenAIResponse
} from './openai-protocol';
import type { SseEvent } from './sse';
import { thrownBy } from '../../../../tests/servers/provider-cases';
import { adaptEvents, CompletionBuilder } from './stream';

const data = (value: unknown): SseEvent => ({
  event: 'message',
  data: typeof value === 'string' ? value : JSON.stringify(value)
});
const chunk = (content: string | null, finish: string | null = null): SseEvent =>
  data({
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }]
  });
const usage = data({
  choices: [],
  usage: { prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 8 } }
});

const sampling = { temperature: 0.8, topP: 0.9, maxTokens: 64, seed: 3 };
const request: ChatRequest = {
  messages: [
    { role: 'system', content: 's' },
    { role: 'user', content: 'u' }
  ],
  sampling
};

function run(events: SseEvent[]) {
  const builder = new CompletionBuilder();
  for (const c of adaptEvents(openAIStreamAdapter('Test'), events)) builder.add(c);
  return builder.result();
}

describe('openAIRequestBody', () => {
  it('sends sampling under OpenAI names, and asks for usage when streaming', () => {
    expect(openAIRequestBody('m', request, true)).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'u' }
      ],
      temperature: 0.8,
      top_p: 0.9,
      max_tokens: 64,
      seed: 3,
      stream: true,
      stream_options: { include_usage: true }
    });
  });

  it('leaves stream fields out when not streaming, and can name the limit max_completion_tokens', () => {
    const body = openAIRequestBody(
      'm',
      { ...request, sampling: { ...sampling, seed: undefined } },
      false,
      'max_completion_tokens'
    );
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.max_completion_tokens).toBe(64);
  });
});

describe('openAIStreamAdapter', () => {
  it('joins deltas and reads the finish reason and the final usage chunk', () => {
    const result = run([chunk(''), chunk('Hel'), chunk('lo'), chunk(null, 'stop'), usage, data('[DONE]')]);
    expect(result).toEqual({
      text: 'Hello',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 3, cachedPromptTokens: 8 }
    });
  });

  it('maps length to length and anything else to other', () => {
    expect(run([chunk('a', 'length'), data('[DONE]')]).finishReason).toBe('length');
    expect(run([chunk('a', 'content_filter'), data('[DONE]')]).finishReason).toBe('other');
  });

  it('reports no usage when the server sent none (older servers ignore include_usage)', () => {
    expect(run([chunk('a', 'stop'), data('[DONE]')]).usage).toBeUndefined();
  });

  it('treats a stream without [DONE] as truncated and retryable, even after a finish reason', () => {
    const adapter = openAIStreamAdapter('Test');
    const error = thrownBy(() => adaptEvents(adapter, [chunk('Hel'), chunk('lo', 'stop'), usage]));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/cut off/);
    expect(thrownBy(() => adaptEvents(openAIStreamAdapter('Test'), [chunk('Hel')])).kind).toBe('transient');
  });

  it('turns an error object in the stream into an error chunk', () => {
    const chunks = openAIStreamAdapter('Test').push(
      data({ error: { message: 'Provider returned error', code: 502 } })
    );
    expect(chunks).toContainEqual({ type: 'error', message: 'Provider returned error', status: 502 });
  });

  it('throws a transient error on broken JSON or a wrong shape', () => {
    expect(() => adaptEvents(openAIStreamAdapter('Test'), [data('{"choices": [')])).toThrow(/not valid JSON/);
    expect(() => adaptEvents(openAIStreamAdapter('Test'), [data({ choices: 'no' })])).toThrow(
      /unexpected shape/
    );
  });
});

describe('parseOpenAIResponse', () => {
  it('reads text, finish reason and usage', () => {
    const body = {
      choices: [{ message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 }
    };
    expect(parseOpenAIResponse(body, 'T')).toEqual({
      text: 'Hi',
      finishReason: 'stop',
      usage: { promptTokens: 5, completionTokens: 1 }
    });
  });

  it('returns an empty answer for null content, and drops a usage block it cannot trust', () => {
    const body = {
      choices: [{ message: { content: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: -1 }
    };
    expect(parseOpenAIResponse(body, 'T')).toEqual({ text: '', finishReason: 'stop' });
  });

  it('rejects a body without choices as transient, and maps an error object with status 200', () => {
    expect(() => parseOpenAIResponse({ id: 'x' }, 'T')).toThrow(/unexpected shape/);
    expect(() => parseOpenAIResponse({ error: { message: 'Rate limit', code: 429 } }, 'T')).toThrow(
      expect.objectContaining({ kind: 'rate-limited' })
    );
  });
});

describe('openAIError and parseModelList', () => {
  it('reads the error shapes of OpenAI, of string errors and of vLLM', () => {
    expect(
      openAIError({ error: { message: 'bad', type: 'invalid_request_error', code: 'invalid_api_key' } })
    ).toEqual({
      message: 'bad',
      keyRefused: true
    });
    expect(openAIError({ error: 'model not loaded' })).toEqual({ message: 'model not loaded' });
    expect(openAIError({ object: 'error', message: 'The model `x` does not exist.', code: 404 })).toEqual({
      message: 'The model `x` does not exist.'
    });
    expect(openAIError('nonsense')).toEqual({});
  });

  it('lists model ids', () => {
    expect(parseModelList({ object: 'list', data: [{ id: 'a' }, { id: 'b' }] }, 'T')).toEqual(['a', 'b']);
    expect(() => parseModelList({ models: [] }, 'T')).toThrow(/model list/);
  });
});
