import { figure, NO_PAIRS, ONE_LABEL, undefinedFigure, type AgreementFigure } from './figure';
import { pairable, unitsOf, type Label, type Ratings } from './ratings';

/** Krippendorff's levels of measurement: how far apart two different labels are. */
export type Level = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's alpha, 1 - observed / expected disagreement, computed from the coincidence
 * matrix of pairable values (units with two or more labels). Missing labels are allowed.
 */
export function krippendorffAlpha(ratings: Ratings, level: Level = 'nominal'): AgreementFigure {
  const units = pairable(unitsOf(ratings));
  if (units.length === 0) return undefinedFigure(NO_PAIRS);
  const values = domain(units, level);
  const index = new Map<Label, number>(values.map((v, i) => [v, i]));
  const size = values.length;
  if (size < 2) return undefinedFigure(ONE_LABEL);

  // o[c][k]: coincidences of values c and k; each unit of m values adds its ordered pairs / (m - 1).
  const o = Array.from({ length: size }, () => new Float64Array(size));
  for (const labels of units) {
    const weight = 1 / (labels.length - 1);
    for (let a = 0; a < labels.length; a++)
      for (let b = 0; b < labels.length; b++)
        if (a !== b) o[index.get(labels[a]!)!]![index.get(labels[b]!)!]! += weight;
  }
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);
  const delta = distance(level, values, marginals);

  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++)
    for (let k = 0; k < size; k++) {
      const d = delta(c, k);
      observed += o[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  if (expected === 0) return undefinedFigure(ONE_LABEL);
  return figure(1 - ((n - 1) * observed) / expected);
}

/** The distinct values, in order for the levels that need one. */
function domain(units: readonly (readonly Label[])[], level: Level): Label[] {
  const values = [...new Set(units.flat())];
  if (level === 'nominal') return values;
  for (const v of values)
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new TypeError(`a ${level} alpha needs numeric labels; got "${String(v)}"`);
  return (values as number[]).sort((a, b) => a - b);
}

/** The squared distance (Krippendorff's δ²) between values at positions c and k. */
function distance(
  level: Level,
  values: readonly Label[],
  marginals: readonly number[]
): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  const v = values as readonly number[];
  if (level === 'interval') return (c, k) => (v[c]! - v[k]!) ** 2;
  if (level === 'ratio')
    return (c, k) => {
      const sum = v[c]! + v[k]!;
      return sum === 0 ? 0 : ((v[c]! - v[k]!) / sum) ** 2;
    };
  // Ordinal: the marginal mass between the two ranks, halving both ends.
  const cumulative = [0];
  for (const m of marginals) cumulative.push(cumulative[cumulative.length - 1]! + m);
  return (c, k) => {
    if (c === k) return 0;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    const between = cumulative[hi + 1]! - cumulative[lo]!;
    return (between - (marginals[lo]! + marginals[hi]!) / 2) ** 2;
  };
}
