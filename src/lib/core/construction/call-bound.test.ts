import { describe, expect, it } from 'vitest';
import type { CheckKind } from '../checks/check-templates';
import { buildStory, type BuildOptions } from './build-story';
import { callBoundLine, constructionCallBound } from './call-bound';
import { checkReply, plan, story } from './testing';

describe('the bound on a construction’s calls', () => {
  it('is reached by a story that fails every check and breaks the rules after every rewrite, and never passed', () => {
    for (const options of [
      { rounds: 2, ruleFixes: 2 },
      { rounds: 1, ruleFixes: 0 },
      { rounds: 0, ruleFixes: 1 }
    ] satisfies BuildOptions[]) {
      // Too short for its minimum: every text breaks the rules.
      const worst = { ...plan, minWords: 10_000 };
      const replies = new Map<string, string | null>();
      let state = buildStory(worst, replies, options);
      while (state.next) {
        const call = state.next;
        replies.set(
          call.key,
          call.role === 'writer'
            ? story()
            : checkReply(call.step as CheckKind, { 1: 'Ben: "I left the marking at home."' })
        );
        state = buildStory(worst, replies, options);
      }
      expect(state.outcome?.status).toBe('failed');
      const asked = { writer: 0, checker: 0 };
      for (const c of state.calls) asked[c.role]++;
      const bound = constructionCallBound(1, options.rounds, options.ruleFixes, 100);
      expect(asked).toEqual({ writer: bound.writer.calls, checker: bound.checker.calls });
      expect(constructionCallBound(3, options.rounds, options.ruleFixes, 100).writer).toEqual({
        calls: 3 * asked.writer,
        outputTokens: 300 * asked.writer
      });
    }
  });

  it('says what the replies cost at most at the prices entered, and that prompts come on top', () => {
    const bound = constructionCallBound(2, 2, 2, 1_000);
    expect(callBoundLine(bound, undefined)).toBe(
      'Upper bound: at most 42 writer calls and 18 checker calls, replies of at most 42000 and 18000 tokens. Retries and replies asked again are not counted.'
    );
    expect(
      callBoundLine(bound, {
        writer: { inputPerMillion: 5, outputPerMillion: 10 },
        checker: { inputPerMillion: 5, outputPerMillion: 100 }
      })
    ).toContain('the replies cost at most writer 0.42, checker 1.80 (prompt tokens come on top)');
  });
});
