import { fleissKappa } from '../agreement/kappa';
import type { AgreementFigure } from '../agreement/figure';
import type { CheckVerdict, ValueCheck } from './parse-check';

/** One value's verdict over k samples of the same check. */
export interface SampledVerdict {
  /** The verdict most samples gave; undefined on a tie or when no sample was readable. */
  majority?: CheckVerdict;
  pass: number;
  fail: number;
  /** Samples whose verdict could not be read: counted apart, never as pass or fail. */
  unreadable: number;
  /** Every readable sample agreed (and there were at least two). */
  unanimous: boolean;
}

export interface SampleSummary {
  perValue: SampledVerdict[];
  /** Share of values (with two or more readable samples) on which every sample agreed. */
  unanimousShare?: number;
  /** Fleiss' kappa with samples as raters and values as items. */
  kappa: AgreementFigure;
}

/**
 * Self-consistency of a check run k times on one story (the release runs each check three
 * times): per value the majority verdict, and how far the samples agree beyond chance.
 */
export function summariseSamples(samples: readonly (readonly ValueCheck[])[]): SampleSummary {
  const count = Math.max(0, ...samples.map((s) => s.length));
  const perValue: SampledVerdict[] = [];
  for (let i = 0; i < count; i++) {
    const verdicts = samples.map((s) => s[i]).map((v) => (v && 'verdict' in v ? v.verdict : undefined));
    const pass = verdicts.filter((v) => v === 'pass').length;
    const fail = verdicts.filter((v) => v === 'fail').length;
    const readable = pass + fail;
    perValue.push({
      ...(pass > fail ? { majority: 'pass' as const } : fail > pass ? { majority: 'fail' as const } : {}),
      pass,
      fail,
      unreadable: samples.length - readable,
      unanimous: readable >= 2 && (pass === 0 || fail === 0)
    });
  }
  const rated = perValue.filter((v) => v.pass + v.fail >= 2);
  const ratings = samples.map((s) =>
    Array.from({ length: count }, (_x, i) => {
      const v = s[i];
      return v && 'verdict' in v ? v.verdict : undefined;
    })
  );
  return {
    perValue,
    ...(rated.length > 0 ? { unanimousShare: rated.filter((v) => v.unanimous).length / rated.length } : {}),
    kappa: fleissKappa(ratings)
  };
}
