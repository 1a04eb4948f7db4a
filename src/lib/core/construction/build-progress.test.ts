import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../schema/run';
import { DEFAULT_BUILD_OPTIONS, type BuildPlan } from './build-story';
import { BuildTracker, buildCost, costLine } from './build-progress';
import { checkReply, plan, story } from './testing';

const plans: BuildPlan[] = [0, 1].map((i) => ({ ...plan, key: `social/${String(i)}` }));
const reply = (itemKey: string, output: string | null, tokens = 10): ItemResult => ({
  itemKey,
  output,
  attempts: 1,
  latencyMs: 100,
  finishedAt: '2026-12-06T10:00:00.000Z',
  usage: { promptTokens: tokens, completionTokens: 1 }
});
/** A story that passes all three checks in round 1: four calls. */
const passing = (key: string): ItemResult[] => [
  reply(`${key}/generate`, story()),
  reply(`${key}/r1/incorporation`, checkReply('incorporation')),
  reply(`${key}/r1/consistency`, checkReply('consistency')),
  reply(`${key}/r1/implicitness`, checkReply('implicitness'))
];

describe('a construction’s progress', () => {
  it('counts the stored replies as resumed and the stories they finish, then each new reply and its story', () => {
    let now = 1_000;
    const tracker = new BuildTracker(plans, DEFAULT_BUILD_OPTIONS, passing('social/0'), () => now);
    expect(tracker.snapshot()).toMatchObject({
      stories: 2,
      storiesDone: 1,
      storiesPassed: 1,
      calls: 4,
      resumedCalls: 4,
      promptTokens: 40,
      modelMs: 400,
      elapsedMs: 0
    });
    now = 3_500;
    const [generate, ...checks] = passing('social/1');
    expect(tracker.record(generate!)).toMatchObject({ storiesDone: 1, calls: 5 });
    let last = tracker.snapshot();
    for (const c of checks) last = tracker.record(c);
    expect(last).toMatchObject({
      storiesDone: 2,
      storiesPassed: 2,
      calls: 8,
      resumedCalls: 4,
      promptTokens: 80,
      elapsedMs: 2_500
    });
  });

  it('counts a story whose writer failed on every attempt as done (stopped) but not passed, and the failed call', () => {
    const tracker = new BuildTracker(plans, DEFAULT_BUILD_OPTIONS, []);
    expect(tracker.record(reply('social/1/generate', null))).toMatchObject({
      storiesDone: 1,
      storiesPassed: 0,
      failedCalls: 1
    });
  });

  it('counts tokens per model (checks are the checker’s, every writing step the writer’s) and prices each', () => {
    const tracker = new BuildTracker(plans, DEFAULT_BUILD_OPTIONS, []);
    tracker.record(reply('social/0/generate', story(), 1_000));
    tracker.record(reply('social/0/r1/add-missing/fix-rules#1', story(), 500));
    for (const c of ['incorporation', 'consistency', 'implicitness'])
      tracker.record(reply(`social/0/r1/${c}`, checkReply(c as 'consistency'), 2_000));
    const p = tracker.snapshot();
    expect(p.byRole).toEqual({
      writer: { calls: 2, promptTokens: 1_500, completionTokens: 2 },
      checker: { calls: 3, promptTokens: 6_000, completionTokens: 3 }
    });
    expect(buildCost(p, undefined)).toBeUndefined();
    expect(buildCost(p, {})).toBeUndefined();
    const writer = { inputPerMillion: 2, outputPerMillion: 10_000 };
    const checker = { inputPerMillion: 1, outputPerMillion: 20_000 };
    // Writer: 1,500 × 2 + 2 × 10,000 = 23,000 per million; checker: 6,000 + 60,000 = 66,000.
    expect(buildCost(p, { writer, checker })).toEqual({ writer: 0.023, checker: 0.066, total: 0.089 });
    expect(costLine(buildCost(p, { writer, checker })!)).toBe('cost 0.09 (writer 0.02, checker 0.07)');
    expect(costLine(buildCost(p, { writer })!)).toBe('cost writer 0.02, checker not priced');
  });
});
