import { datasetOfCategories, type RunBundle } from '$lib/core/analysis';
import { planKeys, type RunDataset } from '$lib/core/dataset/run-dataset';
import type { ItemResult, RunConfig } from '$lib/core/schema/run';
import type { CqBenchDatabase } from './db';

export interface ImportOutcome {
  runId: string;
  /** Set when a bundle's stated scores disagree with the recomputed ones. */
  flagged?: string;
  /** Set when this browser already holds an import of the same run. */
  duplicate?: string;
}

/** A file read and verified, ready to be stored. */
export interface PreparedImport {
  file: string;
  config: RunConfig;
  results: readonly ItemResult[];
  dataset: RunDataset;
  note: string;
  /** A bundle's judgings, in the bundle's order (the first is the one its scores were verified with). */
  judgings: NonNullable<RunBundle['judgings']>;
  reviews: NonNullable<RunBundle['reviews']>;
  flagged?: string;
  /** The id the run had where it was made (bundles only). */
  sourceRunId?: string;
}

// How an imported run's note names the run it came from, so a second import of it is noticed.
export const sourceTag = (runId: string): string => `(run ${runId})`;

/**
 * Stores imported runs with all their responses (and bundles' judgings and reviews, moved to
 * the new run ids) in one transaction: all of them or none.
 */
export async function storeImportedRuns(
  db: CqBenchDatabase,
  prepared: readonly PreparedImport[]
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  const start = Date.now();
  await db.transaction('rw', [db.runs, db.responses, db.judgings, db.reviews], async () => {
    const earlier = await db.runs.toArray();
    for (const [index, p] of prepared.entries()) {
      const id = crypto.randomUUID();
      const total = planKeys(datasetOfCategories(p.dataset, p.config.categories), p.config.task).length;
      // Distinct, ordered times: the runs list and the judgings keep the order they were imported in.
      const at = (offset: number): string => new Date(start + index * 1000 + offset).toISOString();
      const judgingIds = p.judgings.map(() => crypto.randomUUID());
      const verifiedWith = judgingIds[0];
      await db.runs.add({
        id,
        config: p.config,
        status: p.results.length >= total ? 'done' : 'stopped',
        statusMessage: p.note,
        ...(verifiedWith === undefined ? {} : { scoringJudgingId: verifiedWith }),
        total,
        createdAt: at(0),
        updatedAt: at(0)
      });
      await db.responses.bulkPut(p.results.map((result) => ({ runId: id, itemKey: result.itemKey, result })));
      for (const [j, judging] of p.judgings.entries()) {
        const judgingId = judgingIds[j] ?? crypto.randomUUID();
        await db.judgings.add({
          id: judgingId,
          runId: id,
          config: { ...judging.config, runId: id },
          status: 'done',
          total: judging.results.length,
          createdAt: at(j + 1),
          updatedAt: at(j + 1)
        });
        await db.responses.bulkPut(
          judging.results.map((result) => ({ runId: judgingId, itemKey: result.itemKey, result }))
        );
      }
      await db.reviews.bulkPut(
        p.reviews.map((review) => ({
          runId: id,
          itemKey: review.itemKey,
          gold: review.gold,
          review: { ...review, runId: id }
        }))
      );
      const outcome: ImportOutcome = { runId: id };
      if (p.flagged !== undefined) outcome.flagged = p.flagged;
      const tag = p.sourceRunId === undefined ? undefined : sourceTag(p.sourceRunId);
      if (tag !== undefined) {
        const before =
          earlier.filter((r) => r.statusMessage?.includes(tag) === true).length +
          prepared.slice(0, index).filter((q) => q.sourceRunId === p.sourceRunId).length;
        if (before > 0)
          outcome.duplicate = `this run was imported before (${String(before)} time${before === 1 ? '' : 's'}); it is now in the list again`;
      }
      outcomes.push(outcome);
    }
  });
  return outcomes;
}
