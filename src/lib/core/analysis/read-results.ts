import { itemResultSchema, type ItemResult } from '../schema/run';

/**
 * Stored results, validated: those that no longer have the shape of a result are counted, not used.
 * Apart from the scoring (stored-run.ts), so storage can read results without loading it.
 */
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
