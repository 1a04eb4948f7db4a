import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../schema/run';
import { checkConsistency } from './check-consistency';
import { checkItemKey, checkRunKind, type CheckStory } from './check-run';

const story = (category: string, index: number): CheckStory => ({
  category,
  story: index,
  text: `Story ${category} ${String(index)}.`,
  values: [
    { statement: 'Work is important', attitude: 'agree' },
    { statement: 'Family comes first', attitude: 'agree' }
  ]
});
const STORIES = [story('social', 0), story('religious', 0)];

const reply = (a: 'Yes' | 'No', b: 'Yes' | 'No'): string =>
  ['Value 1: r.', 'Value 2: r.', '[Verdicts]:', `Value 1: ${a}`, `Value 2: ${b}`].join('\n');
const result = (s: CheckStory, sample: number, output: string): ItemResult => ({
  itemKey: checkItemKey(s, 'incorporation', sample),
  output,
  attempts: 1,
  latencyMs: 1,
  finishedAt: '2026-12-01T10:00:00.000Z'
});

describe('checkConsistency', () => {
  const input = { stories: STORIES, checks: ['incorporation' as const], samples: 2 };

  it('pools every value of the group, sample i of each story read as rater i', () => {
    // social: both samples agree on both values; religious: value 1 splits, value 2 agrees.
    const results = [
      result(STORIES[0]!, 1, reply('Yes', 'No')),
      result(STORIES[0]!, 2, reply('Yes', 'No')),
      result(STORIES[1]!, 1, reply('Yes', 'Yes')),
      result(STORIES[1]!, 2, reply('No', 'Yes'))
    ];
    const rows = checkConsistency(checkRunKind.summarise(input, results), 2);
    const all = rows.find((r) => r.category === 'all')!;
    expect(all).toMatchObject({ check: 'incorporation', values: 4, unanimousShare: 3 / 4 });
    // Fleiss' kappa by hand: 4 items, 2 raters; P̄ = 3/4; pass share 5/8, fail 3/8;
    // Pe = (5/8)² + (3/8)² = 34/64; kappa = (3/4 − 34/64) / (1 − 34/64) = 14/30.
    expect(all.kappa.defined && all.kappa.value).toBeCloseTo(14 / 30, 10);
    const social = rows.find((r) => r.category === 'social')!;
    expect(social).toMatchObject({ values: 2, unanimousShare: 1 });
  });

  it('leaves out stories with no reply and says why kappa is undefined when every verdict agrees', () => {
    const results = [
      result(STORIES[0]!, 1, reply('Yes', 'Yes')),
      result(STORIES[0]!, 2, reply('Yes', 'Yes'))
    ];
    const all = checkConsistency(checkRunKind.summarise(input, results), 2).find(
      (r) => r.category === 'all'
    )!;
    expect(all.values).toBe(2);
    expect(all.unanimousShare).toBe(1);
    expect(all.kappa.defined).toBe(false);
  });
});
