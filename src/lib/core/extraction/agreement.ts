import type { Verdict } from '../schema/judging';

const LABELS: readonly Verdict[] = [0, 0.5, 1];

/** Judge–human agreement is reported only from this many verdicts compared; fewer say too little. */
export const MIN_AGREEMENT_N = 10;

/**
 * Cohen's kappa of two raters over the labels {0, 0.5, 1} (unweighted: 0.5 against 1 is as
 * much a disagreement as 0 against 1). Null when undefined: no pairs, or both raters used one
 * and the same label throughout, so chance agreement is 1.
 */
export function cohenKappa(pairs: readonly (readonly [Verdict, Verdict])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const observed = pairs.filter(([a, b]) => a === b).length / n;
  let chance = 0;
  for (const label of LABELS) {
    const a = pairs.filter(([x]) => x === label).length / n;
    const b = pairs.filter(([, y]) => y === label).length / n;
    chance += a * b;
  }
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

/**
 * Fleiss' kappa of k >= 2 ratings per subject (a judge's k samples of each gold value) over
 * the labels {0, 0.5, 1}. Every subject must have the same number of ratings. Null when
 * undefined (no subjects, or every rating the same label).
 */
export function fleissKappa(ratings: readonly (readonly Verdict[])[]): number | null {
  const subjects = ratings.length;
  if (subjects === 0) return null;
  const k = ratings[0]!.length;
  if (k < 2 || ratings.some((r) => r.length !== k))
    throw new RangeError('every subject needs the same k ≥ 2 ratings');
  const totals = new Map<Verdict, number>(LABELS.map((l) => [l, 0]));
  let agreement = 0;
  for (const r of ratings) {
    let same = 0;
    for (const label of LABELS) {
      const c = r.filter((v) => v === label).length;
      totals.set(label, totals.get(label)! + c);
      same += c * c;
    }
    agreement += (same - k) / (k * (k - 1));
  }
  const observed = agreement / subjects;
  let chance = 0;
  for (const label of LABELS) chance += (totals.get(label)! / (subjects * k)) ** 2;
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}
