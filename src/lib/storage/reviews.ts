import type { CqBenchDatabase } from './db';
import { touchRun } from './runs';
import { humanVerdictSchema, type HumanVerdict } from '$lib/core/schema/judging';

/**
 * People's verdicts on gold values of a run's items, one per (item, gold value). Saving or
 * removing one changes the run's corrected score, so it bumps the run's `updatedAt` in the
 * same transaction.
 */

export async function saveReview(db: CqBenchDatabase, review: HumanVerdict): Promise<void> {
  const checked = humanVerdictSchema.parse(review);
  await db.transaction('rw', db.reviews, db.runs, async () => {
    if ((await db.runs.get(checked.runId)) === undefined)
      throw new Error(`run ${checked.runId} is not in this browser`);
    await db.reviews.put({
      runId: checked.runId,
      itemKey: checked.itemKey,
      gold: checked.gold,
      review: checked
    });
    await touchRun(db, checked.runId);
  });
}

export async function removeReview(
  db: CqBenchDatabase,
  runId: string,
  itemKey: string,
  gold: number
): Promise<void> {
  await db.transaction('rw', db.reviews, db.runs, async () => {
    const key: [string, string, number] = [runId, itemKey, gold];
    if ((await db.reviews.get(key)) === undefined) return;
    await db.reviews.delete(key);
    await touchRun(db, runId);
  });
}

/** A run's reviews; records that no longer validate (or disagree with their key) are skipped and counted. */
export async function reviewsOf(
  db: CqBenchDatabase,
  runId: string
): Promise<{ reviews: HumanVerdict[]; damaged: number }> {
  const reviews: HumanVerdict[] = [];
  let damaged = 0;
  for (const record of await db.reviews.where('runId').equals(runId).toArray()) {
    const parsed = humanVerdictSchema.safeParse(record.review);
    const matches =
      parsed.success &&
      parsed.data.runId === record.runId &&
      parsed.data.itemKey === record.itemKey &&
      parsed.data.gold === record.gold;
    if (parsed.success && matches) reviews.push(parsed.data);
    else damaged++;
  }
  return { reviews, damaged };
}
