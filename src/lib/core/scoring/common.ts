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
