import { describe, expect, it } from 'vitest';
import { bootstrap, f1OfSums, quantile, ratioOfSums, wilson } from './intervals';
import { SeededRandom } from '../random';

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
  const data = [0, 0.2, 0.4, 0.5, 0.6, 0.9, 1, 1, 0.3, 0.7];
  const ones = data.map(() => 1);
  const meanOf = (sum: number, _b: number, n: number): number => sum / n;
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('gives the same interval for the same data and seed', () => {
    expect(bootstrap(data, ones, meanOf, { seed: 's1' })).toEqual(
      bootstrap(data, ones, meanOf, { seed: 's1' })
    );
  });

  it('brackets the point estimate', () => {
    const i = bootstrap(data, ones, meanOf, { seed: 's1' });
    expect(i.low).toBeLessThan(mean(data));
    expect(i.high).toBeGreaterThan(mean(data));
    expect(i.low).toBeGreaterThanOrEqual(0);
    expect(i.high).toBeLessThanOrEqual(1);
  });

  it('narrows as the data grow', () => {
    const small = bootstrap(data, ones, meanOf, { seed: 's1' });
    const many = Array.from({ length: 20 }, () => data).flat();
    const large = bootstrap(
      many,
      many.map(() => 1),
      meanOf,
      { seed: 's1' }
    );
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('collapses to the value for constant data', () => {
    expect(bootstrap([0.5, 0.5, 0.5], [1, 1, 1], meanOf, { resamples: 50 })).toEqual({ low: 0.5, high: 0.5 });
  });

  it('is [0, 0] for no units', () => {
    expect(bootstrap([], [], meanOf)).toEqual({ low: 0, high: 0 });
  });

  it('refuses unit columns of different lengths', () => {
    expect(() => bootstrap([1, 2], [1], meanOf)).toThrow(/2 and 1/);
  });

  it('gives bit for bit what resampling whole units and summing them gives', () => {
    // The reference: materialise each resample with the same draws, then apply the statistic.
    const precision = data;
    const recall = [...data].reverse();
    const rng = new SeededRandom('ref');
    const stats: number[] = [];
    for (let r = 0; r < 300; r++) {
      const sample = precision.map(() => rng.int(precision.length));
      let p = 0;
      let q = 0;
      for (const k of sample) {
        p += precision[k]!;
        q += recall[k]!;
      }
      stats.push(f1OfSums(p, q, sample.length));
    }
    stats.sort((x, y) => x - y);
    expect(bootstrap(precision, recall, f1OfSums, { resamples: 300, seed: 'ref' })).toEqual({
      low: quantile(stats, 0.025),
      high: quantile(stats, 0.975)
    });
  });
});

describe('sum statistics', () => {
  it('f1OfSums is the F1 of mean precision and mean recall', () => {
    // means 0.5 and 0.25: 2 * 0.5 * 0.25 / 0.75
    expect(f1OfSums(1, 0.5, 2)).toBeCloseTo(1 / 3, 12);
    expect(f1OfSums(0, 0, 3)).toBe(0);
    expect(f1OfSums(0, 0, 0)).toBe(0);
  });

  it('ratioOfSums is 0 when nothing was counted', () => {
    expect(ratioOfSums(3, 4, 2)).toBe(0.75);
    expect(ratioOfSums(0, 0, 0)).toBe(0);
  });
});
