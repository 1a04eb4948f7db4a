import type { ConstructionRecord, CqBenchDatabase } from './db';

/**
 * A construction's status, written and read without its configuration: the Run page looks for
 * a construction left running each time it opens, and that look must not load the
 * construction's schema and templates with the page.
 */

export async function setConstructionStatus(
  db: CqBenchDatabase,
  id: string,
  status: ConstructionRecord['status'],
  statusMessage?: string,
  total?: number
): Promise<void> {
  const changes: Partial<ConstructionRecord> = { status, statusMessage, updatedAt: new Date().toISOString() };
  if (total !== undefined) changes.total = total;
  await db.constructions.update(id, changes);
}

/** The newest construction a closed tab or a crash left in the middle of its calls. */
export async function interruptedConstructionId(db: CqBenchDatabase): Promise<string | undefined> {
  const running = await db.constructions.where('status').equals('running').toArray();
  return running.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id;
}
