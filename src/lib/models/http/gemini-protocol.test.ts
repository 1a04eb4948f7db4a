import { describe, expect, it } from 'vitest';
import {
  geminiError,
  geminiFinishReason,
  geminiRequestBody,
  geminiStreamAdapter,
  parseGeminiResponse
} from './gemini-protocol';
import type { SseEvent } from './sse';
import { thrownBy } from '../../../../tests/servers/provider-cases';
import { adaptEvents, CompletionBuilder } from './stream';

const ev = (value: unknown): SseEvent => ({ event: 'message', data: JSON.stringify(value) });
const part = (text: string, finishReason?: string, usage?: Record<string, number>): SseEvent =>
  ev({
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, index: 0, ...(finishReason ? { finishReason } : {}) }
    ],
    ...(usage ? { usageMetadata: usage } : {})
  });

function run(events: SseEvent[]) {
  const builder = new CompletionBuilder();
  for (const c of adaptEvents(geminiStreamAdapter('Gemini'), events)) builder.add(c);
  return builder.result();
}

describe('geminiRequestBody', () => {
  it('uses systemInstruction, the model role and generationConfig names', () => {
    const body = geminiRequestBody({
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
        { role: 'user', content: 'q2' }
      ],
      sampling: { temperature: 1, topP: 0.95, maxTokens: 99, seed: 42 }
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'sys' }] },
      contents: [
        { role: 'user', parts: [{ text: 'q' }] },
        { role: 'model', parts: [{ text: 'a' }] },
        { role: 'user', parts: [{ text: 'q2' }] }
      ],
      generationConfig: { temperature: 1, topP: 0.95, maxOutputTokens: 99, seed: 42 }
    });
  });

  it('leaves out systemInstruction and seed when there are none', () => {
    const body = geminiRequestBody({
      messages: [{ role: 'user', content: 'q' }],
      sampling: { temperature: 0, topP: 1, maxTokens: 5 }
    });
    expect(body).not.toHaveProperty('systemInstruction');
    expect(body.generationConfig).toEqual({ temperature: 0, topP: 1, maxOutputTokens: 5 });
  });
});

describe('geminiStreamAdapter', () => {
  it('joins parts, keeps the last usage and reads the finish reason', () => {
    const result = run([
      part('Hel', undefined, { promptTokenCount: 7, totalTokenCount: 8, candidatesTokenCount: 1 }),
      part('lo', 'STOP', {
        promptTokenCount: 7,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 5,
        totalTokenCount: 14
      })
    ]);
    // Thinking tokens are output the user pays for, as OpenAI counts reasoning tokens.
    expect(result).toEqual({
      text: 'Hello',
      finishReason: 'stop',
      usage: { promptTokens: 7, completionTokens: 7 }
    });
  });

  it('reads a missing candidates count as zero (Gemini leaves zeros out of its JSON)', () => {
    expect(run([part('', 'STOP', { promptTokenCount: 4, totalTokenCount: 4 })]).usage).toEqual({
      promptTokens: 4,
      completionTokens: 0
    });
  });

  it('leaves thought parts out of the answer', () => {
    const chunk = ev({
      candidates: [
        {
          content: { parts: [{ text: 'thinking...', thought: true }, { text: 'answer' }] },
          finishReason: 'STOP'
        }
      ]
    });
    expect(run([chunk]).text).toBe('answer');
  });

  it('treats a stream that closes without a finish reason as truncated and retryable', () => {
    const error = thrownBy(() => adaptEvents(geminiStreamAdapter('Gemini'), [part('Hel'), part('lo')]));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/cut off/);
  });

  it('ends on a blocked prompt, which has no candidates', () => {
    expect(
      run([ev({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } })])
    ).toEqual({
      text: '',
      finishReason: 'other',
      usage: { promptTokens: 3, completionTokens: 0 }
    });
  });

  it('passes on an error object in the stream', () => {
    expect(
      geminiStreamAdapter('G').push(
        ev({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } })
      )
    ).toEqual([{ type: 'error', message: 'overloaded', status: 503, code: 'UNAVAILABLE' }]);
  });
});

describe('parseGeminiResponse', () => {
  it('reads text, finish reason and usage', () => {
    const body = {
      candidates: [
        { content: { parts: [{ text: 'A' }, { text: 'B' }], role: 'model' }, finishReason: 'MAX_TOKENS' }
      ],
      usageMetadata: {
        promptTokenCount: 2,
        candidatesTokenCount: 3,
        cachedContentTokenCount: 1,
        totalTokenCount: 5
      }
    };
    expect(parseGeminiResponse(body, 'G')).toEqual({
      text: 'AB',
      finishReason: 'length',
      usage: { promptTokens: 2, completionTokens: 3, cachedPromptTokens: 1 }
    });
  });

  it('returns an empty answer for a candidate without content, and rejects an empty body', () => {
    expect(parseGeminiResponse({ candidates: [{ finishReason: 'SAFETY' }] }, 'G')).toEqual({
      text: '',
      finishReason: 'other'
    });
    expect(() => parseGeminiResponse({}, 'G')).toThrow(expect.objectContaining({ kind: 'transient' }));
  });

  it('maps finish reasons', () => {
    expect(['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', undefined].map(geminiFinishReason)).toEqual([
      'stop',
      'length',
      'other',
      'other',
      'other'
    ]);
  });
});

describe('geminiError', () => {
  it('recognises a refused key in a 400 body, and reads a RetryInfo delay', () => {
    expect(
      geminiError({
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }]
        }
      })
    ).toEqual({ message: 'API key not valid. Please pass a valid API key.', keyRefused: true });
    expect(
      geminiError({
        error: {
          code: 429,
          message: 'quota',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13.5s' }]
        }
      })
    ).toEqual({ message: 'quota', retryAfterMs: 13_500 });
  });
});
