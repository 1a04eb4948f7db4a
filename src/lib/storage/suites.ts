import type { JudgingConfig } from '$lib/core/schema/judging';
import type { RunConfig } from '$lib/core/schema/run';
import { suiteSpecSchema, type SuiteSpec } from '$lib/core/schema/suite';
import type { CqBenchDatabase, SuiteRecord } from './db';
import { createJudging } from './judgings';
import { createRun } from './runs';

export interface StoredSuite {
  id: string;
  spec: SuiteSpec;
  /** The runs of the entries started so far, in entry order. */
  runIds: string[];
  status: SuiteRecord['status'];
  statusMessage?: string;
  createdAt: string;
  updatedAt: string;
}

const now = (): string => new Date().toISOString();

export async function createSuite(db: CqBenchDatabase, id: string, spec: SuiteSpec): Promise<void> {
  const at = now();
  await db.suites.add({
    id,
    spec: suiteSpecSchema.parse(spec),
    runIds: [],
    status: 'running',
    createdAt: at,
    updatedAt: at
  });
}

export async function getSuite(db: CqBenchDatabase, id: string): Promise<StoredSuite | undefined> {
  const record = await db.suites.get(id);
  return record && fromRecord(record);
}

/** The newest suite not yet done or cancelled (a readable one; damaged records are skipped). */
export async function newestUnfinishedSuite(db: CqBenchDatabase): Promise<StoredSuite | undefined> {
  const records = await db.suites.orderBy('createdAt').reverse().toArray();
  for (const record of records) {
    if (record.status === 'done' || record.status === 'cancelled') continue;
    const suite = fromRecord(record);
    if (suite) return suite;
  }
  return undefined;
}

export async function setSuiteStatus(
  db: CqBenchDatabase,
  id: string,
  status: SuiteRecord['status'],
  statusMessage?: string
): Promise<void> {
  await db.suites.update(id, { status, statusMessage, updatedAt: now() });
}

/**
 * Creates the run of entry `index` (and the judging that waits for it) and files it under the
 * suite, in one transaction: a tab closed in between leaves neither, so an entry is started
 * once. When the entry already has a run that is still stored (another tab got there first),
 * its id is returned and nothing is written; an entry whose run was deleted starts again.
 */
export async function createSuiteRun(
  db: CqBenchDatabase,
  suiteId: string,
  index: number,
  run: { id: string; config: RunConfig; judging?: JudgingConfig }
): Promise<string> {
  return db.transaction('rw', [db.suites, db.runs, db.judgings], async () => {
    const record = await db.suites.get(suiteId);
    if (record === undefined) throw new Error(`suite ${suiteId} is not in this browser`);
    const existing = record.runIds[index];
    if (existing !== undefined && (await db.runs.get(existing)) !== undefined) return existing;
    if (index > record.runIds.length)
      throw new Error(
        `suite ${suiteId}: entry ${String(index + 1)} cannot start before the ones ahead of it`
      );
    await createRun(db, run.id, run.config, 0);
    if (run.judging) await createJudging(db, crypto.randomUUID(), run.judging, 'paused');
    const runIds = [...record.runIds];
    runIds[index] = run.id;
    await db.suites.update(suiteId, { runIds, updatedAt: now() });
    return run.id;
  });
}

function fromRecord(record: SuiteRecord): StoredSuite | undefined {
  const spec = suiteSpecSchema.safeParse(record.spec);
  if (!spec.success || !Array.isArray(record.runIds)) return undefined;
  if (!record.runIds.every((r) => typeof r === 'string')) return undefined;
  return {
    id: record.id,
    spec: spec.data,
    runIds: record.runIds,
    status: record.status,
    ...(record.statusMessage === undefined ? {} : { statusMessage: record.statusMessage }),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  };
}
