import type { AgreementFigure } from '../agreement/figure';
import { summariseSamples } from '../checks/samples';
import type { ValueCheck } from '../checks/parse-check';
import { ALL_CATEGORIES, type CheckRunSummary } from './check-run';
import type { CheckKind } from '../checks/check-templates';

/** How far a check's k samples agree over a group of values (a category, or all). */
export interface CheckConsistency {
  check: CheckKind;
  category: string;
  /** Values with a stored reply. */
  values: number;
  /** Share of values (with two or more readable samples) on which every sample agreed. */
  unanimousShare?: number;
  /** Fleiss' kappa with samples as raters and every value of the group as an item. */
  kappa: AgreementFigure;
}

/**
 * Self-consistency of a check run per check and group, in the order of its pass rates: the
 * values of every story in the group pooled, sample i of each story read as rater i.
 */
export function checkConsistency(summary: CheckRunSummary, samples: number): CheckConsistency[] {
  return summary.rates.map(({ check, category }) => {
    const pooled: (ValueCheck | undefined)[][] = Array.from({ length: samples }, () => []);
    let values = 0;
    for (const s of summary.stories) {
      if (s.check !== check || (category !== ALL_CATEGORIES && s.category !== category)) continue;
      if (s.answered === 0) continue;
      for (const value of s.perValue) {
        values++;
        // A sample not answered yet is no rating (read as unreadable by the summary).
        for (let i = 0; i < samples; i++) pooled[i]!.push(value.samples[i]);
      }
    }
    const summed = summariseSamples(pooled.map((ratings) => ratings.map((v) => v ?? noReply)));
    return {
      check,
      category,
      values,
      ...(summed.unanimousShare === undefined ? {} : { unanimousShare: summed.unanimousShare }),
      kappa: summed.kappa
    };
  });
}

const noReply: ValueCheck = { unparseable: 'no reply stored', quotes: [] };
