import { describe, expect, it } from 'vitest';
import type { CheckKind } from '../checks/check-templates';
import { checkReply, plan, story } from './testing';
import {
  buildStory,
  DEFAULT_BUILD_OPTIONS,
  type BuildCall,
  type BuildOptions,
  type BuildState
} from './build-story';

/** Plays writer and checker: `script` answers a call, or undefined for the default honest reply. */
function drive(
  script: (call: BuildCall, state: BuildState) => string | null | undefined = () => undefined,
  options: BuildOptions = DEFAULT_BUILD_OPTIONS,
  replies = new Map<string, string | null>()
): { state: BuildState; calls: BuildCall[]; replies: Map<string, string | null> } {
  const calls: BuildCall[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const state = buildStory(plan, replies, options);
    if (state.next === undefined) return { state, calls, replies };
    calls.push(state.next);
    const scripted = script(state.next, state);
    const reply =
      scripted !== undefined
        ? scripted
        : state.next.role === 'writer'
          ? story()
          : checkReply(state.next.step as CheckKind);
    replies.set(state.next.key, reply);
  }
  throw new Error('the procedure did not end');
}

const prompt = (call: BuildCall): string => call.messages.at(-1)!.content;

describe('building a story', () => {
  it('a story that passes every check at once takes four calls: the story, then one of each check', () => {
    const { state, calls } = drive();
    expect(state.outcome).toEqual({ status: 'passed' });
    expect(calls.map((c) => c.key)).toEqual([
      'social/0/generate',
      'social/0/r1/incorporation',
      'social/0/r1/consistency',
      'social/0/r1/implicitness'
    ]);
    expect(calls.map((c) => c.role)).toEqual(['writer', 'checker', 'checker', 'checker']);
    expect(prompt(calls[0]!)).toContain('Value 2: Work should always come first');
    expect(prompt(calls[0]!)).toContain('a school');
  });

  it('a missing value is added (the writer is asked for that value only), then the next round checks again', () => {
    const { state, calls } = drive((call) =>
      call.key === 'social/0/r1/incorporation'
        ? checkReply('incorporation', { 3: null })
        : call.step === 'add-missing'
          ? story(['**Caro:** "The app asked for my contacts. I said no, like always."'])
          : undefined
    );
    expect(state.outcome).toEqual({ status: 'passed' });
    const add = calls.find((c) => c.step === 'add-missing')!;
    expect(prompt(add)).toContain('Value 1: Technology hurts user’s privacy.--agree');
    expect(prompt(add)).not.toContain('volunteer');
    expect(state.versions.map((v) => v.step)).toEqual(['generate', 'add-missing']);
    expect(calls.filter((c) => c.key.includes('/r2/'))).toHaveLength(3);
  });

  it('a statement written out word for word is sent back with the rule it breaks', () => {
    const { state, calls } = drive((call) =>
      call.step === 'generate'
        ? story(['**Ben:** "People should volunteer more regularly, I always say."'])
        : undefined
    );
    const fix = calls.find((c) => c.step === 'fix-rules')!;
    expect(fix.key).toBe('social/0/generate/fix-rules#1');
    expect(prompt(fix)).toContain('states its value outright: "people should volunteer more regularly"');
    expect(state.versions.map((v) => [v.step, v.problems.length > 0])).toEqual([
      ['generate', true],
      ['fix-rules', false]
    ]);
    expect(state.outcome).toEqual({ status: 'passed' });
  });

  it('a contradiction quoting a speech that is not in the story is recorded unapplied; after the rounds the story fails, named', () => {
    const { state, calls } = drive((call) =>
      call.step === 'consistency'
        ? checkReply('consistency', { 2: 'I never take a day off, the job comes first.' })
        : call.step === 'resolve-contradictions'
          ? 'Original speech: I never take a day off, the job comes first.\nReplacement: I took the Saturday.'
          : undefined
    );
    expect(state.outcome).toEqual({ status: 'failed', failing: ['consistency: value 2 fails'] });
    const resolves = state.versions.filter((v) => v.step === 'resolve-contradictions');
    expect(resolves).toHaveLength(2);
    expect(resolves[0]!.unapplied).toEqual([
      {
        original: 'I never take a day off, the job comes first.',
        replacement: 'I took the Saturday.',
        reason: 'the speech does not occur in the story'
      }
    ]);
    // The text is never corrupted by a replacement that could not be placed.
    expect(resolves[0]!.text).toBe(story());
    // Two rounds of check-and-fix, then the last checks alone.
    expect(calls.filter((c) => c.step === 'consistency').map((c) => c.key)).toEqual([
      'social/0/r1/consistency',
      'social/0/r2/consistency',
      'social/0/r3/consistency'
    ]);
  });

  it('an obvious speech is replaced in place by its rewrite, and the checks pass the next round', () => {
    const loud = 'Ben counted the coins twice and Ana wrote the total on the board for the next rota.';
    let rewritten = false;
    const { state } = drive((call) => {
      if (call.step === 'implicitness' && !rewritten)
        return checkReply('implicitness', {
          1: 'Third Saturday this month I have opened this hall, and I would open a fourth.'
        });
      if (call.step === 'rewrite-obvious') {
        rewritten = true;
        return 'Original speech: "third Saturday this month I have opened this hall, and I would open a fourth"\nReplacement: "Mrs Okafor has the keys; I just keep the float."';
      }
      return undefined;
    });
    expect(state.outcome).toEqual({ status: 'passed' });
    const last = state.versions.at(-1)!;
    expect(last.step).toBe('rewrite-obvious');
    expect(last.text).toContain('**Ana:** "Mrs Okafor has the keys; I just keep the float."');
    expect(last.text).toContain(loud);
    expect(last.text).not.toContain('Third Saturday');
  });

  it('stops, saying why, when the writer fails on every attempt; an unreadable check is refused for asking again', () => {
    const { state } = drive((call) => (call.step === 'generate' ? null : undefined));
    expect(state.outcome).toEqual({
      status: 'stopped',
      reason: 'the generate call (social/0/generate) failed on every attempt'
    });
    const { calls } = drive();
    expect(calls[0]!.check('Here is your story!')).toMatch(/no \*\*Title:\*\* line/);
    expect(calls[1]!.check('Value 1: Yes')).toMatch(/\[Verdicts\]/);
    expect(calls[1]!.check(checkReply('incorporation'))).toBeUndefined();
  });

  it('a resumed story asks only what is missing and ends as an uninterrupted one', () => {
    const script = (call: BuildCall): string | undefined =>
      call.key === 'social/0/r1/incorporation' ? checkReply('incorporation', { 2: null }) : undefined;
    const whole = drive(script);
    const partial = new Map([...whole.replies].slice(0, 2));
    const resumed = drive(script, DEFAULT_BUILD_OPTIONS, partial);
    expect(resumed.calls.map((c) => c.key)).toEqual(whole.calls.slice(2).map((c) => c.key));
    expect(resumed.state).toEqual(JSON.parse(JSON.stringify(whole.state)) as BuildState);
  });
});
