import { describe, expect, it } from 'vitest';
import { bootstrap, wilson } from './intervals';

const Z = 1.959963984540054;
const Z2 = Z * Z; // 3.841458820694124

describe('wilson (95% score interval)', () => {
  it('0/10: [0, (z²/n) / (1 + z²/n)]', () => {
    const i = wilson(0, 10);
    expect(i.low).toBeCloseTo(0, 12);
    // 0.3841458820694124 / 1.3841458820694124
    expect(i.high).toBeCloseTo(0.2775327998628892, 9);
    expect(i.high).toBeCloseTo(Z2 / 10 / (1 + Z2 / 10), 12);
  });

  it('5/10: symmetric around 0.5', () => {
    const i = wilson(5, 10);
    // centre 0.5; half-width z * sqrt(0.025 + z²/400) / (1 + z²/10) = 0.2634069...
    expect(i.low).toBeCloseTo(0.236593090512564, 9);
    expect(i.high).toBeCloseTo(0.7634069094874361, 9);
  });

  it('10/10: the mirror image of 0/10', () => {
    const i = wilson(10, 10);
    expect(i.low).toBeCloseTo(0.7224672001371107, 9);
    expect(i.high).toBeCloseTo(1, 12);
  });

  it('1/4: an asymmetric interval', () => {
    const i = wilson(1, 4);
    expect(i.low).toBeCloseTo(0.04558726080970055, 9);
    expect(i.high).toBeCloseTo(0.6993581574175981, 9);
  });

  it('uses a given z', () => {
    // z = 1, 5/10: centre 0.5, half sqrt(0.025 + 0.0025) / 1.1
    const i = wilson(5, 10, 1);
    expect(i.high - 0.5).toBeCloseTo(Math.sqrt(0.0275) / 1.1, 12);
  });

  it('is [0, 1] with no observations', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('stays within [0, 1]', () => {
    for (const [s, n] of [
      [0, 1],
      [1, 1],
      [0, 1000],
      [1000, 1000]
    ] as const) {
      const i = wilson(s, n);
      expect(i.low).toBeGreaterThanOrEqual(0);
      expect(i.high).toBeLessThanOrEqual(1);
    }
  });
});

describe('bootstrap (percentile, seeded)', () => {
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const data = [0, 0.2, 0.4, 0.5, 0.6, 0.9, 1, 1, 0.3, 0.7];

  it('gives the same interval for the same data and seed', () => {
    expect(bootstrap(data, mean, { seed: 's1' })).toEqual(bootstrap(data, mean, { seed: 's1' }));
  });

  it('brackets the point estimate', () => {
    const i = bootstrap(data, mean, { seed: 's1' });
    expect(i.low).toBeLessThan(mean(data));
    expect(i.high).toBeGreaterThan(mean(data));
    expect(i.low).toBeGreaterThanOrEqual(0);
    expect(i.high).toBeLessThanOrEqual(1);
  });

  it('narrows as the data grow', () => {
    const small = bootstrap(data, mean, { seed: 's1' });
    const large = bootstrap(Array.from({ length: 20 }, () => data).flat(), mean, { seed: 's1' });
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('collapses to the value for constant data', () => {
    expect(bootstrap([0.5, 0.5, 0.5], mean, { resamples: 50 })).toEqual({ low: 0.5, high: 0.5 });
  });

  it('is [0, 0] for no units', () => {
    expect(bootstrap([], mean)).toEqual({ low: 0, high: 0 });
  });

  it('resamples whole units (stories), calling the statistic once per resample', () => {
    let calls = 0;
    bootstrap(
      data,
      (s) => {
        calls++;
        expect(s).toHaveLength(data.length);
        for (const x of s) expect(data).toContain(x);
        return mean(s);
      },
      { resamples: 100 }
    );
    expect(calls).toBe(100);
  });
});
