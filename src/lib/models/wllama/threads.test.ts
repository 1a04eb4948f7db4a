import { describe, expect, it } from 'vitest';
import { confirmThreads, missingBrowserFeature, planThreads } from './threads';

describe('planThreads', () => {
  it('is single-threaded, saying why, when the page is not cross-origin isolated', () => {
    const plan = planThreads({ crossOriginIsolated: false, hardwareConcurrency: 16 });
    expect(plan).toMatchObject({ multiThreaded: false, threads: 1 });
    expect(plan.reason).toMatch(/not cross-origin isolated/);
  });

  it('uses half the logical processors when isolated, at least 2 and at most 8', () => {
    expect(planThreads({ crossOriginIsolated: true, hardwareConcurrency: 2 }).threads).toBe(2);
    expect(planThreads({ crossOriginIsolated: true, hardwareConcurrency: 12 }).threads).toBe(6);
    expect(planThreads({ crossOriginIsolated: true, hardwareConcurrency: 64 }).threads).toBe(8);
    expect(planThreads({ crossOriginIsolated: true }).multiThreaded).toBe(true);
  });
});

describe('confirmThreads', () => {
  it('reports single-threaded when the engine could not start threads', () => {
    const plan = planThreads({ crossOriginIsolated: true, hardwareConcurrency: 8 });
    const actual = confirmThreads(plan, { multiThreaded: false, threads: 1 });
    expect(actual).toMatchObject({ multiThreaded: false, threads: 1 });
    expect(actual.reason).toMatch(/could not start/);
    expect(confirmThreads(plan, { multiThreaded: true, threads: 4 }).threads).toBe(4);
  });
});

describe('missingBrowserFeature', () => {
  it('asks for JSPI, which this wasm build needs', () => {
    expect(missingBrowserFeature({})).toMatch(/JSPI/);
    expect(missingBrowserFeature({ Suspending: 1, promising: 1 })).toBeUndefined();
  });
});
