import { SeededRandom } from '../random';

export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

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

/**
 * Percentile bootstrap (95%) of `statistic` over resamples of `units` (stories), seeded so the
 * same data always gives the same interval.
 */
export function bootstrap<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  { resamples = 2000, seed = 'bootstrap' }: { resamples?: number; seed?: string } = {}
): Interval {
  if (units.length === 0) return { low: 0, high: 0 };
  const rng = new SeededRandom(seed);
  const stats = new Float64Array(resamples);
  const sample: T[] = new Array<T>(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[rng.int(units.length)]!;
    stats[r] = statistic(sample);
  }
  stats.sort();
  return { low: quantile(stats, 0.025), high: quantile(stats, 0.975) };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
