import { describe, expect, it } from 'vitest';
import { StreamAccumulator, tokensPerSecond, UnexpectedChunkError } from './stream';

/** Chunks as llama-server sends them from wllama's chat stream (no `usage`, only timings). */
const CHAT = [
  { choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { content: ' café' }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { content: 'é' }, finish_reason: null }] },
  {
    choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
    timings: { cache_n: 12, prompt_n: 38, predicted_n: 3, predicted_ms: 30 }
  }
];

/** Chunks of a raw completion stream: text per token, then `usage` and timings at the end. */
const RAW = [
  { choices: [{ text: ' law', index: 0, finish_reason: null, logprobs: null }] },
  { choices: [{ text: ' of', index: 0, finish_reason: null, logprobs: null }] },
  {
    choices: [{ text: '', index: 0, finish_reason: 'stop', logprobs: null }],
    usage: {
      completion_tokens: 2,
      prompt_tokens: 30,
      total_tokens: 32,
      prompt_tokens_details: { cached_tokens: 0 }
    },
    timings: { cache_n: 0, prompt_n: 30, predicted_n: 2 }
  }
];

function read(chunks: readonly unknown[]): { acc: StreamAccumulator; deltas: string[] } {
  const acc = new StreamAccumulator();
  return { acc, deltas: chunks.map((c) => acc.push(c)) };
}

describe('StreamAccumulator', () => {
  it('reads chat deltas in order, and counts tokens from the timings', () => {
    const { acc, deltas } = read(CHAT);
    expect(deltas).toEqual(['', ' café', 'é', '']);
    expect(acc.text).toBe(' caféé');
    expect(acc.finishReason).toBe('length');
    // prompt_n is what was evaluated; the 12 cached tokens were part of the prompt too.
    expect(acc.usage).toEqual({ promptTokens: 50, completionTokens: 3, cachedPromptTokens: 12 });
  });

  it('reads raw completion text and prefers the reported usage', () => {
    const { acc } = read(RAW);
    expect(acc.text).toBe(' law of');
    expect(acc.finishReason).toBe('stop');
    expect(acc.usage).toEqual({ promptTokens: 30, completionTokens: 2, cachedPromptTokens: 0 });
  });

  it('gives an empty string, not undefined, when nothing was generated', () => {
    const { acc } = read([{ choices: [{ delta: {}, finish_reason: 'stop' }] }]);
    expect(acc.text).toBe('');
    expect(acc.usage).toBeUndefined();
  });

  it('maps an unknown finish reason to other', () => {
    const { acc } = read([{ choices: [{ text: 'x', finish_reason: 'tool_calls' }] }]);
    expect(acc.finishReason).toBe('other');
  });

  it('refuses a chunk of another shape instead of inventing text', () => {
    const acc = new StreamAccumulator();
    expect(() => acc.push({ choices: 'nope' })).toThrow(UnexpectedChunkError);
    expect(() => acc.push(null)).toThrow(UnexpectedChunkError);
  });
});

describe('tokensPerSecond', () => {
  it('counts the tokens after the first over the time after the first text', () => {
    const usage = { promptTokens: 5, completionTokens: 11 };
    expect(tokensPerSecond({ usage, timing: { firstTextMs: 500, totalMs: 2500 } })).toBeCloseTo(5);
  });

  it('is undefined without counts, without a first text, or with a single token', () => {
    expect(tokensPerSecond({ timing: { firstTextMs: 1, totalMs: 2 } })).toBeUndefined();
    expect(
      tokensPerSecond({ usage: { promptTokens: 1, completionTokens: 4 }, timing: { totalMs: 2 } })
    ).toBeUndefined();
    const one = { usage: { promptTokens: 1, completionTokens: 1 }, timing: { firstTextMs: 1, totalMs: 2 } };
    expect(tokensPerSecond(one)).toBeUndefined();
  });
});
