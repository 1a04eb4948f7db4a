import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { numberRule } from './number-rule';
import { SAMPLING_RULES } from './run';
import { JUDGE_SAMPLES_RULE } from './judging';

describe('number limits read from a schema', () => {
  it('state the sampling and judge limits the way the forms and flags say them', () => {
    expect(SAMPLING_RULES.temperature.describe).toBe('a number from 0 to 2');
    expect(SAMPLING_RULES.topP.describe).toBe('a number above 0 and at most 1');
    expect(SAMPLING_RULES.maxTokens.describe).toBe('a whole number, at least 1');
    expect(SAMPLING_RULES.seed.describe).toBe('a whole number');
    expect(JUDGE_SAMPLES_RULE.describe).toBe('a whole number from 1 to 10');
  });

  it('accept exactly what the schema accepts', () => {
    expect([0, 2, 2.01, -0.1].map((n) => SAMPLING_RULES.temperature.accepts(n))).toEqual([
      true,
      true,
      false,
      false
    ]);
    expect([0, 1, 0.5].map((n) => SAMPLING_RULES.topP.accepts(n))).toEqual([false, true, true]);
    expect([1, 0, 1.5, Infinity].map((n) => SAMPLING_RULES.maxTokens.accepts(n))).toEqual([
      true,
      false,
      false,
      false
    ]);
  });

  it('follow a changed schema, so a limit is never restated by hand', () => {
    expect(numberRule(z.number().min(0.5).max(3)).describe).toBe('a number from 0.5 to 3');
    expect(numberRule(z.number().gt(1)).describe).toBe('a number above 1');
    expect(numberRule(z.number().int().min(2).max(5)).accepts(6)).toBe(false);
  });
});
