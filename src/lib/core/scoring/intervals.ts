import { SeededRandom } from '../random';

export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion `successes / n` (95%). */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A statistic of a resample known only through the sums of two per-unit quantities. */
export type SumStatistic = (sumA: number, sumB: number, n: number) => number;

/**
 * Percentile bootstrap (95%) over resamples of units (stories), seeded so the same data always
 * gives the same interval. Every statistic the tool bootstraps (F1 of mean precision and
 * recall, the judge's mean score) depends on a resample only through two sums, so a unit is
 * the pair (`a[i]`, `b[i]`) and a resample is summed as it is drawn: no resample is built, which
 * keeps 2,000 resamples of 5,000 stories within tens of milliseconds. Sums run left to right in
 * draw order, so results are bit for bit those of summing a materialised resample.
 */
export function bootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  statistic: SumStatistic,
  { resamples = 2000, seed = 'bootstrap' }: { resamples?: number; seed?: string } = {}
): Interval {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`bootstrap: ${n} and ${b.length} unit values`);
  if (n === 0) return { low: 0, high: 0 };
  const rng = new SeededRandom(seed);
  const stats = new Float64Array(resamples);
  const draws = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    rng.fillInts(n, draws);
    let sumA = 0;
    let sumB = 0;
    for (let i = 0; i < n; i++) {
      const k = draws[i]!;
      sumA += a[k]!;
      sumB += b[k]!;
    }
    stats[r] = statistic(sumA, sumB, n);
  }
  stats.sort();
  return { low: quantile(stats, 0.025), high: quantile(stats, 0.975) };
}

/** The release's task-2 figure from sums: F1 of mean precision and mean recall. */
export const f1OfSums: SumStatistic = (precisions, recalls, n) => {
  if (n === 0) return 0;
  const precision = precisions / n;
  const recall = recalls / n;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
};

/** A ratio of sums, such as the judge's mean score: points over counted verdicts. */
export const ratioOfSums: SumStatistic = (sum, count) => (count === 0 ? 0 : sum / count);

/** The `q` quantile of sorted values, interpolated linearly between neighbours. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Results of a paired test: the p-value and how it was obtained. */
export interface McNemarResult {
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'chi-square';
  /** The chi-square statistic (with continuity correction), when that method was used. */
  statistic?: number;
}

/**
 * Below this many discordant pairs McNemar's test uses the exact binomial distribution; from
 * it on, the chi-square approximation with continuity correction (which is then within a few
 * thousandths of the exact p and does not need large binomial sums).
 */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * McNemar's test on the discordant counts of two classifiers on the same items: `onlyA`
 * items only the first got right, `onlyB` only the second. Exact: twice the binomial(n, 1/2)
 * tail at min(onlyA, onlyB), capped at 1. Otherwise (|b - c| - 1)^2 / (b + c) against
 * chi-square with one degree of freedom.
 */
export function mcnemar(onlyA: number, onlyB: number): McNemarResult {
  const n = onlyA + onlyB;
  if (n === 0) return { p: 1, method: 'exact' };
  if (n < MCNEMAR_EXACT_BELOW) {
    const k = Math.min(onlyA, onlyB);
    // Below 25 pairs every binomial coefficient and 2^n are exact in a double.
    let tail = 0;
    let choose = 1;
    for (let i = 0; i <= k; i++) {
      tail += choose;
      choose = (choose * (n - i)) / (i + 1);
    }
    return { p: Math.min(1, (2 * tail) / 2 ** n), method: 'exact' };
  }
  const d = Math.max(0, Math.abs(onlyA - onlyB) - 1);
  const statistic = (d * d) / n;
  return { p: chiSquare1Sf(statistic), method: 'chi-square', statistic };
}

/** P(X > x) for X chi-square with one degree of freedom: erfc(sqrt(x / 2)). */
export function chiSquare1Sf(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

/**
 * Complementary error function, to about 1e-7 relative accuracy (Numerical Recipes' Chebyshev
 * fit), plenty for a p-value.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = poly * t + ERFC_COEFFICIENTS[i]!;
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** The polynomial in t of `erfc`'s exponent, lowest power first. */
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277
];

/** The four cells of a paired 2x2 table of right/wrong answers. */
export interface PairedTable {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

/**
 * 95% interval for the difference of two paired proportions (A's accuracy minus B's), by
 * Newcombe's hybrid score method (his method 10): Wilson intervals of both accuracies,
 * combined with the correlation of the pairs. Unlike the Wald interval it stays inside
 * [-1, 1] and is sensible at 0 or n discordant pairs.
 */
export function pairedDifferenceInterval(table: PairedTable, z = Z95): Interval {
  const { both: a, onlyA: b, onlyB: c, neither: d } = table;
  const n = a + b + c + d;
  if (n === 0) return { low: -1, high: 1 };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilson(a + b, n, z);
  const w2 = wilson(a + c, n, z);
  const denom = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  const phi = denom === 0 ? 0 : (a * d - b * c) / denom;
  const theta = p1 - p2;
  const dl = p1 - w1.low;
  const du = w1.high - p1;
  const el = p2 - w2.low;
  const eu = w2.high - p2;
  const delta = Math.sqrt(Math.max(0, dl * dl - 2 * phi * dl * eu + eu * eu));
  const epsilon = Math.sqrt(Math.max(0, du * du - 2 * phi * du * el + el * el));
  return { low: Math.max(-1, theta - delta), high: Math.min(1, theta + epsilon) };
}

export interface PairedBootstrap {
  /** The statistic of A minus that of B on the full data. */
  difference: number;
  interval: Interval;
  /**
   * Two-sided p-value: twice the smaller share of resampled differences at or below 0 and at
   * or above 0, capped at 1. It is 0 when no resample reaches 0: read it as p < 1/resamples.
   */
  p: number;
  resamples: number;
}

/**
 * Paired percentile bootstrap (95%) over units (stories) both runs were scored on: each
 * resample draws the same units for both, so what the runs share cancels out. Seeded.
 */
export function pairedBootstrap<T>(
  units: readonly T[],
  statA: (sample: readonly T[]) => number,
  statB: (sample: readonly T[]) => number,
  { resamples = 2000, seed = 'paired-bootstrap' }: { resamples?: number; seed?: string } = {}
): PairedBootstrap {
  const difference = units.length === 0 ? 0 : statA(units) - statB(units);
  if (units.length === 0) return { difference, interval: { low: 0, high: 0 }, p: 1, resamples };
  const rng = new SeededRandom(seed);
  const stats = new Float64Array(resamples);
  const sample: T[] = new Array<T>(units.length);
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[rng.int(units.length)]!;
    const d = statA(sample) - statB(sample);
    stats[r] = d;
    if (d <= 0) atOrBelow++;
    if (d >= 0) atOrAbove++;
  }
  stats.sort();
  return {
    difference,
    interval: { low: quantile(stats, 0.025), high: quantile(stats, 0.975) },
    p: Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / resamples),
    resamples
  };
}
