import type { CheckRunRecord, CqBenchDatabase } from './db';

/**
 * A check run's status, written and read without its configuration: the Run page looks for a
 * check run left running each time it opens, and that look must not load the checks' schema
 * and templates with the page.
 */

export async function setCheckRunStatus(
  db: CqBenchDatabase,
  id: string,
  status: CheckRunRecord['status'],
  statusMessage?: string,
  total?: number
): Promise<void> {
  const changes: Partial<CheckRunRecord> = { status, statusMessage, updatedAt: new Date().toISOString() };
  if (total !== undefined) changes.total = total;
  await db.checkRuns.update(id, changes);
}

/** The newest check run a closed tab or a crash left in the middle of its calls. */
export async function interruptedCheckRunId(db: CqBenchDatabase): Promise<string | undefined> {
  const running = await db.checkRuns.where('status').equals('running').toArray();
  return running.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id;
}
