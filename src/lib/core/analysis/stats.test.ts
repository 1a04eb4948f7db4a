import { describe, expect, it } from 'vitest';
import { chiSquare1Sf, erfc, mcnemar, pairedBootstrap, pairedDifferenceInterval } from '../scoring/intervals';

describe('McNemar test', () => {
  it('is exact for few discordant pairs: 1 vs 6 gives 2 * (1 + 7) / 2^7 = 0.125', () => {
    expect(mcnemar(1, 6)).toEqual({ p: 0.125, method: 'exact' });
    expect(mcnemar(6, 1).p).toBe(0.125);
  });

  it('is exact below 25 discordant pairs: 3 vs 21 gives 2 * P(X <= 3), X ~ Bin(24, 1/2)', () => {
    // (1 + 24 + 276 + 2024) / 2^24 * 2 = 0.000277161598...
    expect(mcnemar(3, 21).p).toBeCloseTo(0.0002771615982055664, 15);
  });

  it('caps the exact p at 1 for equal counts', () => {
    expect(mcnemar(4, 4).p).toBe(1);
    expect(mcnemar(0, 0).p).toBe(1);
  });

  it('uses chi-square with continuity correction from 25 pairs: 10 vs 25 gives 14^2/35 = 5.6', () => {
    const r = mcnemar(10, 25);
    expect(r.method).toBe('chi-square');
    expect(r.statistic).toBeCloseTo(5.6, 12);
    // P(chi2(1) > 5.6) = 0.0179604775...
    expect(r.p).toBeCloseTo(0.01796047752607879, 6);
  });

  it('has a complementary error function good to 1e-7', () => {
    expect(erfc(1)).toBeCloseTo(0.15729920705028516, 7);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 7);
    expect(erfc(-0.3)).toBeCloseTo(1.3286267594591274, 7);
    expect(chiSquare1Sf(0)).toBe(1);
  });
});

describe('paired difference interval (Newcombe)', () => {
  it('matches a hand computation for 30 both, 8 only A, 2 only B, 10 neither', () => {
    // p1 = 38/50, p2 = 32/50, difference 0.12; Wilson limits combined with phi = 0.4472...
    const i = pairedDifferenceInterval({ both: 30, onlyA: 8, onlyB: 2, neither: 10 });
    expect(i.low).toBeCloseTo(-0.00011230109369547714, 9);
    expect(i.high).toBeCloseTo(0.23712460687142287, 9);
  });

  it('stays within [-1, 1] and contains 0 when the runs agree on everything', () => {
    const i = pairedDifferenceInterval({ both: 5, onlyA: 0, onlyB: 0, neither: 5 });
    expect(i.low).toBeLessThanOrEqual(0);
    expect(i.high).toBeGreaterThanOrEqual(0);
    const all = pairedDifferenceInterval({ both: 0, onlyA: 10, onlyB: 0, neither: 0 });
    expect(all.high).toBeLessThanOrEqual(1);
    expect(all.low).toBeGreaterThan(0.5);
  });
});

describe('paired bootstrap', () => {
  const units = Array.from({ length: 40 }, (_, i) => ({
    a: i % 3 === 0 ? 1 : 0.5,
    b: i % 4 === 0 ? 1 : 0.25
  }));
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const statA = (s: readonly (typeof units)[number][]): number => mean(s.map((u) => u.a));
  const statB = (s: readonly (typeof units)[number][]): number => mean(s.map((u) => u.b));

  it('is reproducible by seed and changes with it', () => {
    const one = pairedBootstrap(units, statA, statB, { seed: 's1' });
    expect(pairedBootstrap(units, statA, statB, { seed: 's1' })).toEqual(one);
    expect(pairedBootstrap(units, statA, statB, { seed: 's2' }).interval).not.toEqual(one.interval);
  });

  it('gives the full-data difference, an interval around it, and a small p for a clear gap', () => {
    const r = pairedBootstrap(units, statA, statB);
    expect(r.difference).toBeCloseTo(statA(units) - statB(units), 15);
    expect(r.interval.low).toBeLessThan(r.difference);
    expect(r.interval.high).toBeGreaterThan(r.difference);
    expect(r.interval.low).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.01);
  });

  it('gives p = 1 and a zero interval for a run compared with itself', () => {
    const r = pairedBootstrap(units, statA, statA);
    expect(r).toMatchObject({ difference: 0, interval: { low: 0, high: 0 }, p: 1 });
  });
});
