import type { CheckRunRecord, CqBenchDatabase } from './db';
import { checkRunConfigSchema, type CheckRunConfig } from '$lib/core/schema/check-run';

/**
 * Check runs: a model running the stories' quality checks. Their replies are kept in
 * `responses` under the check run's id, so the runner's `IndexedDbResultStore` stores and
 * resumes them as it does a run's.
 */

export interface StoredCheckRun {
  id: string;
  config: CheckRunConfig;
  status: CheckRunRecord['status'];
  statusMessage?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

export async function createCheckRun(db: CqBenchDatabase, id: string, config: CheckRunConfig): Promise<void> {
  const at = new Date().toISOString();
  await db.checkRuns.add({
    id,
    config: checkRunConfigSchema.parse(config),
    status: 'running',
    total: 0,
    createdAt: at,
    updatedAt: at
  });
}

export async function getCheckRun(db: CqBenchDatabase, id: string): Promise<StoredCheckRun | undefined> {
  const record = await db.checkRuns.get(id);
  return record && fromRecord(record);
}

/** Check runs newest first; records that no longer validate are left out and counted. */
export async function listCheckRuns(
  db: CqBenchDatabase
): Promise<{ checkRuns: StoredCheckRun[]; damaged: number }> {
  const checkRuns: StoredCheckRun[] = [];
  let damaged = 0;
  for (const record of await db.checkRuns.orderBy('createdAt').reverse().toArray()) {
    const run = fromRecord(record);
    if (run) checkRuns.push(run);
    else damaged++;
  }
  return { checkRuns, damaged };
}

/** Deletes a check run with its replies (and those kept from unfinished calls). */
export async function deleteCheckRun(db: CqBenchDatabase, id: string): Promise<void> {
  await db.transaction('rw', [db.checkRuns, db.responses, db.partials], async () => {
    await db.responses.where('runId').equals(id).delete();
    await db.partials.where('runId').equals(id).delete();
    await db.checkRuns.delete(id);
  });
}

function fromRecord(record: CheckRunRecord): StoredCheckRun | undefined {
  const config = checkRunConfigSchema.safeParse(record.config);
  if (!config.success) return undefined;
  const run: StoredCheckRun = {
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
