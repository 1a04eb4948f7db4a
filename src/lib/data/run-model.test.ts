import { describe, expect, it } from 'vitest';
import { userMessage } from '$lib/core/user-message';
import { judgeModelFor } from './run-model';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return userMessage(e);
  }
  throw new Error('expected a refusal');
}

describe('a model that cannot be rebuilt for a run', () => {
  it('is refused in words that say what to do, never as an unexpected error', () => {
    expect(messageOf(() => judgeModelFor({ provider: 'baseline', model: 'majority-attitude' }))).toBe(
      'a baseline cannot judge; choose a model'
    );
    expect(messageOf(() => judgeModelFor({ provider: 'openai', model: 'm' }))).toBe(
      'the run does not say where m is served'
    );
    expect(messageOf(() => judgeModelFor({ provider: 'wllama', model: 'tiny.gguf', baseUrl: 'x' }))).toMatch(
      /^tiny.gguf runs in this tab \(wllama\): load it on the Local models page/
    );
  });
});
