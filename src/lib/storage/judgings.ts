import type { CqBenchDatabase, JudgingRecord } from './db';
import { setScoringJudging, touchRun } from './runs';
import { judgingConfigSchema, type JudgingConfig } from '$lib/core/schema/judging';

/**
 * Judgings of value-extraction runs. A judging's responses are kept in `responses` under the
 * judging's id, so the runner's `IndexedDbResultStore` stores and resumes them as it does a
 * run's. Every change of a judging bumps its run's `updatedAt`: the run's score depends on it.
 */

export interface StoredJudging {
  id: string;
  runId: string;
  config: JudgingConfig;
  status: JudgingRecord['status'];
  statusMessage?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

const now = (): string => new Date().toISOString();

export async function createJudging(
  db: CqBenchDatabase,
  id: string,
  config: JudgingConfig,
  status: JudgingRecord['status'] = 'running'
): Promise<void> {
  const at = now();
  const checked = judgingConfigSchema.parse(config);
  await db.transaction('rw', db.judgings, db.runs, async () => {
    if ((await db.runs.get(checked.runId)) === undefined)
      throw new Error(`run ${checked.runId} is not in this browser`);
    await db.judgings.add({
      id,
      runId: checked.runId,
      config: checked,
      status,
      total: 0,
      createdAt: at,
      updatedAt: at
    });
    await db.runs.update(checked.runId, { updatedAt: at });
  });
}

/** Records a judging's status (and optionally its item count) and marks its run as changed. */
export async function setJudgingStatus(
  db: CqBenchDatabase,
  id: string,
  status: JudgingRecord['status'],
  statusMessage?: string,
  total?: number
): Promise<void> {
  const at = now();
  await db.transaction('rw', db.judgings, db.runs, async () => {
    const record = await db.judgings.get(id);
    if (record === undefined) return;
    const changes: Partial<JudgingRecord> = { status, statusMessage, updatedAt: at };
    if (total !== undefined) changes.total = total;
    await db.judgings.update(id, changes);
    await db.runs.update(record.runId, { updatedAt: at });
  });
}

export async function getJudging(db: CqBenchDatabase, id: string): Promise<StoredJudging | undefined> {
  const record = await db.judgings.get(id);
  return record && fromRecord(record);
}

/** A run's judgings, oldest first; records that no longer validate are left out and counted. */
export async function judgingsOf(
  db: CqBenchDatabase,
  runId: string
): Promise<{ judgings: StoredJudging[]; damaged: number }> {
  return validated(await db.judgings.where('runId').equals(runId).sortBy('createdAt'));
}

/** Judgings that a closed tab left in the middle of their calls, newest first. */
export async function interruptedJudgings(db: CqBenchDatabase): Promise<StoredJudging[]> {
  const records = await db.judgings.orderBy('createdAt').reverse().toArray();
  return validated(records.filter((r) => r.status === 'running')).judgings;
}

/**
 * Deletes a judging with its responses (and replies kept from unfinished items), and marks its run as changed. When the run's score was
 * chosen to come from this judging, the choice goes with it (back to the first complete one).
 */
export async function deleteJudging(db: CqBenchDatabase, id: string): Promise<void> {
  await db.transaction('rw', [db.judgings, db.responses, db.partials, db.runs], async () => {
    const record = await db.judgings.get(id);
    if (record === undefined) return;
    await db.responses.where('runId').equals(id).delete();
    await db.partials.where('runId').equals(id).delete();
    await db.judgings.delete(id);
    const run = await db.runs.get(record.runId);
    if (run?.scoringJudgingId === id) await setScoringJudging(db, record.runId, undefined);
    else await touchRun(db, record.runId);
  });
}

function validated(records: readonly JudgingRecord[]): { judgings: StoredJudging[]; damaged: number } {
  const judgings: StoredJudging[] = [];
  let damaged = 0;
  for (const record of records) {
    const judging = fromRecord(record);
    if (judging) judgings.push(judging);
    else damaged++;
  }
  return { judgings, damaged };
}

function fromRecord(record: JudgingRecord): StoredJudging | undefined {
  const config = judgingConfigSchema.safeParse(record.config);
  // A record whose run id disagrees with its configuration's is damaged, not trusted either way.
  if (!config.success || config.data.runId !== record.runId) return undefined;
  const judging: StoredJudging = {
    id: record.id,
    runId: record.runId,
    config: config.data,
    status: record.status,
    total: record.total,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  };
  if (record.statusMessage !== undefined) judging.statusMessage = record.statusMessage;
  return judging;
}
