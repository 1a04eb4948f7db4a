import { describe, expect, it } from 'vitest';
import type { ValueCheck } from './parse-check';
import { summariseSamples } from './samples';

const pass: ValueCheck = { verdict: 'pass', quotes: [] };
const fail: ValueCheck = { verdict: 'fail', quotes: [] };
const unreadable: ValueCheck = { unparseable: 'no verdict line for Value 1', quotes: [] };

describe('summariseSamples', () => {
  it('gives the majority verdict per value and counts unreadable samples apart', () => {
    const summary = summariseSamples([
      [pass, fail, pass, unreadable],
      [pass, fail, fail, unreadable],
      [pass, pass, unreadable, unreadable]
    ]);
    expect(summary.perValue.map((v) => v.majority)).toEqual(['pass', 'fail', undefined, undefined]);
    expect(summary.perValue[2]).toMatchObject({ pass: 1, fail: 1, unreadable: 1, unanimous: false });
    expect(summary.perValue[3]).toMatchObject({ pass: 0, fail: 0, unreadable: 3 });
    // Values 1-3 have two or more readable samples; only value 1 is unanimous.
    expect(summary.unanimousShare).toBeCloseTo(1 / 3, 10);
    expect(summary.kappa.defined).toBe(true);
  });

  it('says kappa is undefined when every sample passed every value', () => {
    const summary = summariseSamples([
      [pass, pass],
      [pass, pass]
    ]);
    expect(summary.unanimousShare).toBe(1);
    expect(summary.kappa.defined).toBe(false);
  });
});
