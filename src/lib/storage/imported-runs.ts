import { datasetOfCategories, type RunBundle } from '$lib/core/analysis';
import { planKeys, type RunDataset } from '$lib/core/dataset/run-dataset';
import type { ItemResult, RunConfig } from '$lib/core/schema/run';
import type { CqBenchDatabase, RunRecord } from './db';

export interface ImportOutcome {
  /** The stored run: the new one, or with `already` the one this browser held before. */
  runId: string;
  /** Set when a bundle's stated scores disagree with the recomputed ones. */
  flagged?: string;
  /** The run was in this browser already, imported before or made here: nothing was stored. */
  already?: 'imported' | 'made here';
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

// How an imported run's note names the run it came from (shown to the user).
export const sourceTag = (runId: string): string => `(run ${runId})`;

/**
 * The stored run a bundle's run already is: the run itself (a bundle exported from this
 * browser) or an earlier import of it. Runs imported before `importedFrom` was recorded are
 * known by the source tag in their note.
 */
function heldAs(runs: readonly RunRecord[], sourceRunId: string): RunRecord | undefined {
  const tag = sourceTag(sourceRunId);
  return (
    runs.find((r) => r.id === sourceRunId || r.importedFrom === sourceRunId) ??
    runs.find((r) => r.importedFrom === undefined && r.statusMessage?.includes(tag) === true)
  );
}

/**
 * Stores imported runs with all their responses (and bundles' judgings and reviews, moved to
 * the new run ids) in one transaction: all of them or none. A bundle whose run this browser
 * holds already (or that came earlier in the same import) is not stored again: its outcome
 * names the run it already is.
 */
export async function storeImportedRuns(
  db: CqBenchDatabase,
  prepared: readonly PreparedImport[]
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  const start = Date.now();
  await db.transaction('rw', [db.runs, db.responses, db.judgings, db.reviews], async () => {
    // Read inside the transaction, so two imports of one bundle at once cannot both store it.
    const held = await db.runs.toArray();
    for (const [index, p] of prepared.entries()) {
      const before = p.sourceRunId === undefined ? undefined : heldAs(held, p.sourceRunId);
      if (before !== undefined) {
        outcomes.push({ runId: before.id, already: before.id === p.sourceRunId ? 'made here' : 'imported' });
        continue;
      }
      const id = crypto.randomUUID();
      const total = planKeys(datasetOfCategories(p.dataset, p.config.categories), p.config.task).length;
      // Distinct, ordered times: the runs list and the judgings keep the order they were imported in.
      const at = (offset: number): string => new Date(start + index * 1000 + offset).toISOString();
      const judgingIds = p.judgings.map(() => crypto.randomUUID());
      const verifiedWith = judgingIds[0];
      const record: RunRecord = {
        id,
        config: p.config,
        status: p.results.length >= total ? 'done' : 'stopped',
        statusMessage: p.note,
        ...(verifiedWith === undefined ? {} : { scoringJudgingId: verifiedWith }),
        ...(p.sourceRunId === undefined ? {} : { importedFrom: p.sourceRunId }),
        total,
        createdAt: at(0),
        updatedAt: at(0)
      };
      await db.runs.add(record);
      held.push(record);
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
      outcomes.push(outcome);
    }
  });
  return outcomes;
}
