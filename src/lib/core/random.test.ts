import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new SeededRandom('s');
    const b = new SeededRandom('s');
    const c = new SeededRandom('t');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('fillInts draws exactly what int(n) draws, and continues the same sequence', () => {
    const one = new SeededRandom('bootstrap');
    const bulk = new SeededRandom('bootstrap');
    const expected = Array.from({ length: 1000 }, () => one.int(37));
    const out = new Int32Array(1000);
    bulk.fillInts(37, out);
    expect([...out]).toEqual(expected);
    expect(bulk.next()).toBe(one.next());
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThan(37);
  });

  it('refuses a range that is not a positive integer', () => {
    expect(() => {
      new SeededRandom('s').fillInts(0, new Int32Array(3));
    }).toThrow(/positive integer/);
    expect(() => new SeededRandom('s').int(2.5)).toThrow(/positive integer/);
  });
});
