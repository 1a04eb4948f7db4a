import { describe, expect, it } from 'vitest';
import { agreementReport, type AgreementUnit } from './report';

function unit(story: string, labels: Record<string, string>): AgreementUnit {
  return { story, labels: new Map(Object.entries(labels)) };
}

describe('agreementReport', () => {
  const units: AgreementUnit[] = [];
  // 10 stories × 5 values; annotators ana and ben disagree on 1 value in 5 of the stories.
  for (let s = 0; s < 10; s++)
    for (let v = 0; v < 5; v++) {
      const ana = v === 0 && s % 2 === 0 ? 'no' : 'yes';
      const ben = v === 4 && s % 3 === 0 ? 'no' : ana;
      units.push(unit(`story-${s}`, { ana, ben, ...(s < 4 ? { cleo: 'yes' } : {}) }));
    }

  it('gives the four statistics with intervals that contain them, n, prevalence and pairwise kappa', () => {
    const report = agreementReport(units, { categories: ['yes', 'no'], resamples: 300 });
    expect(report.n).toBe(50);
    expect(report.coders).toEqual(['ana', 'ben', 'cleo']);
    expect(report.prevalence.get('yes')! + report.prevalence.get('no')!).toBeCloseTo(1, 10);
    for (const stat of [report.raw, report.fleissKappa, report.alpha, report.ac1]) {
      expect(stat.figure.defined).toBe(true);
      if (!stat.figure.defined || stat.interval === undefined) throw new Error('expected an interval');
      expect(stat.interval.low).toBeLessThanOrEqual(stat.figure.value);
      expect(stat.interval.high).toBeGreaterThanOrEqual(stat.figure.value);
    }
    expect(report.pairs.map((p) => `${p.a}-${p.b}:${p.n}`)).toEqual([
      'ana-ben:50',
      'ana-cleo:20',
      'ben-cleo:20'
    ]);
  });

  it('reports undefined chance-corrected figures with a reason when every label is the same', () => {
    const same = [unit('a', { ana: 'yes', ben: 'yes' }), unit('b', { ana: 'yes', ben: 'yes' })];
    const report = agreementReport(same, { categories: ['yes', 'no'] });
    expect(report.raw.figure).toEqual({ defined: true, value: 1 });
    expect(report.alpha.figure.defined).toBe(false);
    expect(report.fleissKappa.figure.defined).toBe(false);
    expect(report.pairs[0]!.kappa.defined).toBe(false);
    // AC1 stays defined: its chance term is 0 when only one of two possible labels is used.
    expect(report.ac1.figure).toEqual({ defined: true, value: 1 });
  });
});
