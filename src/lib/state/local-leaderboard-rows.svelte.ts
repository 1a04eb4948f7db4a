import type { RunAggregate } from '$lib/core/analysis/aggregate';
import { userMessage } from '$lib/core/user-message';
import { loadLocalLeaderboard } from '$lib/data/local-leaderboard';

/**
 * The runs of this browser as leaderboard rows. Read only once the page is in the browser:
 * the prerendered page (published bundles only) has no IndexedDB to read.
 */
export class LocalLeaderboardRows {
  aggregates: RunAggregate[] = $state.raw([]);
  status: 'idle' | 'loading' | 'ready' | 'failed' = $state('idle');
  message = $state('');
  /** Runs whose stored aggregate was stale and was computed again on this visit. */
  recomputed = $state(0);
  damaged = $state(0);
  /** While stale aggregates are computed: how many of how many are done. */
  progress: { done: number; of: number } | undefined = $state();

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      const result = await loadLocalLeaderboard((done, of) => {
        this.progress = { done, of };
      });
      this.progress = undefined;
      this.aggregates = result.aggregates;
      this.recomputed = result.recomputed;
      this.damaged = result.damaged;
      this.status = 'ready';
    } catch (e) {
      this.message = userMessage(e);
      this.status = 'failed';
    }
  }
}
