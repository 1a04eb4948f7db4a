import { Dexie } from 'dexie';
import type { CqBenchDatabase, RunRecord } from './db';
import { readItemResults } from '$lib/core/analysis/read-results';
import type { ResultStore } from '$lib/core/ports';
import {
  itemResultSchema,
  partialResultSchema,
  runConfigSchema,
  type ItemResult,
  type PartialResult,
  type RunConfig
} from '$lib/core/schema/run';

export interface StoredRun {
  id: string;
  config: RunConfig;
  status: RunRecord['status'];
  statusMessage?: string;
  /** Value extraction: the judging chosen to give the run's score (else the first complete one). */
  scoringJudgingId?: string;
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

/** Sets how many items the run asks (known once its plan is built). */
export async function setRunTotal(db: CqBenchDatabase, id: string, total: number): Promise<void> {
  await db.runs.update(id, { total });
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
  return readItemResults(await rawResponsesOf(db, runId));
}

/** One stored result of a run, validated; undefined when there is none (or it is damaged). */
export async function storedResult(
  db: CqBenchDatabase,
  runId: string,
  itemKey: string
): Promise<ItemResult | undefined> {
  const record = await db.responses.get([runId, itemKey]);
  return record === undefined ? undefined : itemResultSchema.safeParse(record.result).data;
}

/** Rows read per transaction by `rawResponsesOf`. */
const READ_BATCH = 5_000;

/**
 * A run's stored results as stored, not validated (the scoring worker validates them), read a
 * batch at a time with a pause between: reading 40,000 rows at once held the page for a
 * second in Chromium, which deserialises them on the thread that asked.
 */
export async function rawResponsesOf(db: CqBenchDatabase, runId: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const lower: [string, string] = [runId, after ?? ''];
    const batch = await db.responses
      .where('[runId+itemKey]')
      .between(lower, [runId, Dexie.maxKey], after === undefined, true)
      .limit(READ_BATCH)
      .toArray();
    for (const record of batch) out.push(record.result);
    const last = batch.at(-1);
    if (last === undefined || batch.length < READ_BATCH) return out;
    after = last.itemKey;
    await pause();
  }
}

/** Lets the page handle input and paint between two batches of work. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Marks a run as changed, so anything kept about its score (the leaderboard's stored
 * aggregate) is computed again: called by every write that changes what the run scores.
 */
/** How many responses a run has stored, counted by the index without reading them. */
export function storedResponseCount(db: CqBenchDatabase, runId: string): Promise<number> {
  return db.responses.where('runId').equals(runId).count();
}

export async function touchRun(db: CqBenchDatabase, id: string): Promise<void> {
  await db.runs.update(id, { updatedAt: new Date().toISOString() });
}

/**
 * Chooses the judging that gives a value-extraction run its score (undefined: back to the first
 * complete one), and marks the run as changed so its stored leaderboard aggregate is redone.
 */
export async function setScoringJudging(
  db: CqBenchDatabase,
  runId: string,
  judgingId: string | undefined
): Promise<void> {
  await db.runs.update(runId, { scoringJudgingId: judgingId, updatedAt: new Date().toISOString() });
}

/** Deletes a run with everything about it: its responses, judgings (and theirs), reviews and aggregate. */
export async function deleteRun(db: CqBenchDatabase, id: string): Promise<void> {
  const tables = [db.runs, db.responses, db.partials, db.judgings, db.reviews, db.aggregates];
  await db.transaction('rw', tables, async () => {
    const judgings = await db.judgings.where('runId').equals(id).primaryKeys();
    await db.responses
      .where('runId')
      .anyOf([id, ...judgings])
      .delete();
    await db.partials
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

  async failedKeys(runId: string): Promise<Set<string>> {
    const records = await this.db.responses.where('runId').equals(runId).toArray();
    // A damaged record counts as neither: it is reported where results are read.
    const failed = records.filter((r) => itemResultSchema.safeParse(r.result).data?.output === null);
    return new Set(failed.map((r) => r.itemKey));
  }

  async save(runId: string, result: ItemResult): Promise<void> {
    const record = { runId, itemKey: result.itemKey, result: itemResultSchema.parse(result) };
    // One transaction: the result and the removal of the replies it now holds land together.
    await this.db.transaction('rw', [this.db.responses, this.db.partials], async () => {
      await this.db.responses.put(record);
      await this.db.partials.delete([runId, result.itemKey]);
    });
  }

  async savePartial(runId: string, itemKey: string, partial: PartialResult): Promise<void> {
    await this.db.partials.put({ runId, itemKey, partial: partialResultSchema.parse(partial) });
  }

  /** Partials that read back valid and whose item has no result yet (a stale one is ignored). */
  async partials(runId: string): Promise<Map<string, PartialResult>> {
    const [records, stored] = await Promise.all([
      this.db.partials.where('runId').equals(runId).toArray(),
      this.storedKeys(runId)
    ]);
    const out = new Map<string, PartialResult>();
    for (const r of records) {
      const parsed = partialResultSchema.safeParse(r.partial);
      if (parsed.success && !stored.has(r.itemKey)) out.set(r.itemKey, parsed.data);
    }
    return out;
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
  if (record.scoringJudgingId !== undefined) run.scoringJudgingId = record.scoringJudgingId;
  return run;
}
