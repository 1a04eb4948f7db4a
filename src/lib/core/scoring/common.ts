import type { Outcome } from './outcome';

/** Outputs and questions of different lengths: the release scores the common prefix only. */
export interface LengthMismatch {
  outputs: number;
  expected: number;
}

export function lengthMismatch(outputs: number, expected: number): LengthMismatch | undefined {
  return outputs === expected ? undefined : { outputs, expected };
}

export function countOutcomes(items: readonly { outcome: Outcome }[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { correct: 0, wrong: 0, unparseable: 0, error: 0 };
  for (const item of items) counts[item.outcome]++;
  return counts;
}

/**
 * Counts of (row, column) pairs as row -> column -> count. Built in Maps, because the labels
 * are the dataset's text: a label such as `constructor` must not find Object's own property.
 */
export function pairCounts(
  pairs: Iterable<readonly [string, string]>
): Record<string, Record<string, number>> {
  const rows = new Map<string, Map<string, number>>();
  for (const [row, column] of pairs) {
    const counts = rows.get(row) ?? new Map<string, number>();
    counts.set(column, (counts.get(column) ?? 0) + 1);
    rows.set(row, counts);
  }
  // Object.fromEntries defines own properties, whatever the name.
  return Object.fromEntries([...rows].map(([row, counts]) => [row, Object.fromEntries(counts)]));
}
