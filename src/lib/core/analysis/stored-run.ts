import { readItemResults } from './read-results';
import { computeRunAggregate, type RunAggregate, type RunInput } from './aggregate';
import { scoreRun, type ScoredRun } from './score';

/**
 * A stored run's material as storage holds it: the responses not yet validated. Validating and
 * scoring tens of thousands of responses takes seconds, so it is done where the scoring is (a
 * worker in the browser), not where the records are read.
 */
export type StoredRunInput = Omit<RunInput, 'results'> & { rawResults: readonly unknown[] };

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
