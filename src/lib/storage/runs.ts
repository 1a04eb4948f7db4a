import type { CqBenchDatabase, RunRecord } from './db';
import type { ResultStore } from '$lib/core/ports';
import { itemResultSchema, runConfigSchema, type ItemResult, type RunConfig } from '$lib/core/schema/run';

export interface StoredRun {
  id: string;
  config: RunConfig;
  status: RunRecord['status'];
  statusMessage?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

export async function createRun(
  db: CqBenchDatabase,
  id: string,
  config: RunConfig,
  total: number
): Promise<void> {
  const now = new Date().toISOString();
  await db.runs.add({
    id,
    config: runConfigSchema.parse(config),
    status: 'running',
    total,
    createdAt: now,
    updatedAt: now
  });
}

export async function setRunStatus(
  db: CqBenchDatabase,
  id: string,
  status: RunRecord['status'],
  statusMessage?: string
): Promise<void> {
  const changes: Partial<RunRecord> = { status, updatedAt: new Date().toISOString() };
  changes.statusMessage = statusMessage;
  await db.runs.update(id, changes);
}

/** Runs newest first; records that no longer validate are left out and counted. */
export async function listRuns(db: CqBenchDatabase): Promise<{ runs: StoredRun[]; damaged: number }> {
  const runs: StoredRun[] = [];
  let damaged = 0;
  for (const record of await db.runs.orderBy('createdAt').reverse().toArray()) {
    const run = fromRecord(record);
    if (run) runs.push(run);
    else damaged++;
  }
  return { runs, damaged };
}

export async function getRun(db: CqBenchDatabase, id: string): Promise<StoredRun | undefined> {
  const record = await db.runs.get(id);
  return record && fromRecord(record);
}

/** A run's responses in storage order; damaged records are skipped and counted. */
export async function responsesOf(
  db: CqBenchDatabase,
  runId: string
): Promise<{ results: ItemResult[]; damaged: number }> {
  const results: ItemResult[] = [];
  let damaged = 0;
  for (const record of await db.responses.where('runId').equals(runId).toArray()) {
    const parsed = itemResultSchema.safeParse(record.result);
    if (parsed.success) results.push(parsed.data);
    else damaged++;
  }
  return { results, damaged };
}

/**
 * Marks a run as changed, so anything kept about its score (the leaderboard's stored
 * aggregate) is computed again: called by every write that changes what the run scores.
 */
export async function touchRun(db: CqBenchDatabase, id: string): Promise<void> {
  await db.runs.update(id, { updatedAt: new Date().toISOString() });
}

/** Deletes a run with everything about it: its responses, judgings (and theirs), reviews and aggregate. */
export async function deleteRun(db: CqBenchDatabase, id: string): Promise<void> {
  await db.transaction('rw', [db.runs, db.responses, db.judgings, db.reviews, db.aggregates], async () => {
    const judgings = await db.judgings.where('runId').equals(id).primaryKeys();
    await db.responses
      .where('runId')
      .anyOf([id, ...judgings])
      .delete();
    await db.judgings.where('runId').equals(id).delete();
    await db.reviews.where('runId').equals(id).delete();
    await db.aggregates.delete(id);
    await db.runs.delete(id);
  });
}

/** The ResultStore of the app: each response is one IndexedDB write, committed before `save` resolves. */
export class IndexedDbResultStore implements ResultStore {
  constructor(private readonly db: CqBenchDatabase) {}

  async storedKeys(runId: string): Promise<Set<string>> {
    const keys = await this.db.responses.where('runId').equals(runId).primaryKeys();
    return new Set(keys.map(([, itemKey]) => itemKey));
  }

  async save(runId: string, result: ItemResult): Promise<void> {
    await this.db.responses.put({ runId, itemKey: result.itemKey, result: itemResultSchema.parse(result) });
  }
}

function fromRecord(record: RunRecord): StoredRun | undefined {
  const config = runConfigSchema.safeParse(record.config);
  if (!config.success) return undefined;
  const run: StoredRun = {
    id: record.id,
    config: config.data,
    status: record.status,
    total: record.total,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  };
  if (record.statusMessage !== undefined) run.statusMessage = record.statusMessage;
  return run;
}
