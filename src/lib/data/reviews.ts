import type { Verdict } from '$lib/core/schema/judging';
import { database } from '$lib/storage/instance';
import { removeReview, saveReview } from '$lib/storage/reviews';

/** Records a person's verdict on one gold value of a run item (a confirmation when it equals the judge's). */
export async function recordVerdict(
  runId: string,
  itemKey: string,
  gold: number,
  verdict: Verdict,
  note: string
): Promise<void> {
  const text = note.trim();
  await saveReview(database, {
    runId,
    itemKey,
    gold,
    verdict,
    ...(text === '' ? {} : { note: text }),
    at: new Date().toISOString()
  });
}

export async function clearVerdict(runId: string, itemKey: string, gold: number): Promise<void> {
  await removeReview(database, runId, itemKey, gold);
}
