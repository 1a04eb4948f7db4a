import { leaderboardRuns, type LeaderboardRuns } from '$lib/storage/aggregates';
import { database } from '$lib/storage/instance';
import { aggregateInWorker } from './analysis-client';
import { loadRunDataset } from './load-run-dataset';

/**
 * The runs of this browser as leaderboard aggregates, computing (and storing) the stale ones
 * in the analysis worker; `onProgress` hears how many of those are done.
 */
export function loadLocalLeaderboard(
  onProgress: (done: number, of: number) => void
): Promise<LeaderboardRuns> {
  return leaderboardRuns(database, {
    datasetFor: (config) => loadRunDataset(config.dataset.id, config.categories),
    aggregateOf: aggregateInWorker,
    onProgress
  });
}
