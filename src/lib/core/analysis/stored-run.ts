import { itemResultSchema, type ItemResult } from '../schema/run';
import { computeRunAggregate, type RunAggregate, type RunInput } from './aggregate';
import { scoreRun, type ScoredRun } from './score';

/**
 * A stored run's material as storage holds it: the responses not yet validated. Validating and
 * scoring tens of thousands of responses takes seconds, so it is done where the scoring is (a
 * worker in the browser), not where the records are read.
 */
export type StoredRunInput = Omit<RunInput, 'results'> & { rawResults: readonly unknown[] };

/** Stored results, validated: those that no longer have the shape of a result are counted, not used. */
export function readItemResults(raw: readonly unknown[]): { results: ItemResult[]; damaged: number } {
  const results: ItemResult[] = [];
  let damaged = 0;
  for (const record of raw) {
    const parsed = itemResultSchema.safeParse(record);
    if (parsed.success) results.push(parsed.data);
    else damaged++;
  }
  return { results, damaged };
}

export function runInputOfStored(stored: StoredRunInput): { input: RunInput; damaged: number } {
  const { rawResults, ...rest } = stored;
  const { results, damaged } = readItemResults(rawResults);
  return { input: { ...rest, results }, damaged };
}

/** A stored run's leaderboard aggregate and its scored items (see `computeRunAggregate`). */
export async function scoreStoredRun(
  stored: StoredRunInput
): Promise<{ aggregate: RunAggregate; scored: ScoredRun; damaged: number }> {
  const { input, damaged } = runInputOfStored(stored);
  const { aggregate, scored = scoreRun(input) } = await computeRunAggregate(input);
  return { aggregate, scored, damaged };
}
