import { leaderboardRuns, type LeaderboardRuns } from '$lib/storage/aggregates';
import { database } from '$lib/storage/instance';
import { aggregateInWorker } from './analysis-client';
import { loadRunDatasetForWorker } from './load-run-dataset';

/**
 * The runs of this browser as leaderboard aggregates, computing (and storing) the stale ones
 * in the analysis worker; `onProgress` hears how many of those are done.
 */
export function loadLocalLeaderboard(
  onProgress: (done: number, of: number) => void
): Promise<LeaderboardRuns> {
  return leaderboardRuns(database, {
    // The worker keeps each dataset: the page never holds one (a large one took most of a
    // second to copy back).
    datasetFor: (config) => loadRunDatasetForWorker(config.dataset.id, config.categories),
    aggregateOf: aggregateInWorker,
    onProgress
  });
}
