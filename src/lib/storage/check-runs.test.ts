import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import { createCheckRun, deleteCheckRun, getCheckRun, listCheckRuns } from './check-runs';
import { interruptedCheckRunId, setCheckRunStatus } from './check-run-status';
import { IndexedDbResultStore, responsesOf } from './runs';
import { DEFAULT_SAMPLING } from '$lib/core/schema/run';
import type { CheckRunConfig } from '$lib/core/schema/check-run';

const config = (createdAt: string): CheckRunConfig => ({
  kind: 'check',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social'],
  checks: ['incorporation', 'consistency', 'implicitness'],
  samples: 3,
  templateHash: 'b'.repeat(64),
  model: { provider: 'openai', model: 'checker', baseUrl: 'http://127.0.0.1:1/v1' },
  sampling: DEFAULT_SAMPLING,
  concurrency: 2,
  environment: { appVersion: '0.1.0' },
  createdAt
});

let n = 0;
let db: CqBenchDatabase | undefined;
afterEach(async () => {
  if (db) await db.delete();
  db = undefined;
});

describe('check runs in IndexedDB', () => {
  it('upgrade a version-5 database in place, keeping its runs, and add the check-run table', async () => {
    const name = `checks-upgrade-${String(++n)}`;
    const v5 = new Dexie(name);
    v5.version(5).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt',
      suites: 'id, createdAt, status'
    });
    await v5
      .table('runs')
      .add({ id: 'kept', config: {}, status: 'done', total: 1, createdAt: 'x', updatedAt: 'x' });
    v5.close();
    db = new CqBenchDatabase(name);
    expect(await db.runs.get('kept')).toMatchObject({ status: 'done' });
    await createCheckRun(db, 'c', config('2026-12-01T10:00:00.000Z'));
    expect((await getCheckRun(db, 'c'))?.config.samples).toBe(3);
  });

  it('refuse a configuration that does not validate, and leave out a damaged record when listing', async () => {
    db = new CqBenchDatabase(`checks-${String(++n)}`);
    await expect(
      createCheckRun(db, 'bad', { ...config('2026-12-01T10:00:00.000Z'), samples: 0 })
    ).rejects.toThrow();
    expect(await db.checkRuns.count()).toBe(0);
    await createCheckRun(db, 'good', config('2026-12-01T10:00:00.000Z'));
    await db.checkRuns.add({
      id: 'damaged',
      config: { kind: 'task' },
      status: 'done',
      total: 0,
      createdAt: 'z',
      updatedAt: 'z'
    });
    const listed = await listCheckRuns(db);
    expect(listed.checkRuns.map((r) => r.id)).toEqual(['good']);
    expect(listed.damaged).toBe(1);
  });

  it('find the newest check run left running, and none once it is paused or done', async () => {
    db = new CqBenchDatabase(`checks-${String(++n)}`);
    await createCheckRun(db, 'older', config('2026-12-01T10:00:00.000Z'));
    await createCheckRun(db, 'newer', config('2026-12-01T11:00:00.000Z'));
    // Created a moment apart: the newer record is created later.
    await db.checkRuns.update('older', { createdAt: '2026-12-01T10:00:00.000Z' });
    await db.checkRuns.update('newer', { createdAt: '2026-12-01T11:00:00.000Z' });
    expect(await interruptedCheckRunId(db)).toBe('newer');
    await setCheckRunStatus(db, 'newer', 'paused', undefined, 72);
    expect(await getCheckRun(db, 'newer')).toMatchObject({ status: 'paused', total: 72 });
    expect(await interruptedCheckRunId(db)).toBe('older');
    await setCheckRunStatus(db, 'older', 'done');
    expect(await interruptedCheckRunId(db)).toBeUndefined();
  });

  it('keep replies under the check run id, and delete them with it', async () => {
    db = new CqBenchDatabase(`checks-${String(++n)}`);
    await createCheckRun(db, 'c', config('2026-12-01T10:00:00.000Z'));
    const store = new IndexedDbResultStore(db);
    await store.save('c', {
      itemKey: 'social/0/incorporation#1',
      output: 'reply',
      attempts: 1,
      latencyMs: 5,
      finishedAt: '2026-12-01T10:00:01.000Z'
    });
    expect(await store.storedKeys('c')).toEqual(new Set(['social/0/incorporation#1']));
    await deleteCheckRun(db, 'c');
    expect(await getCheckRun(db, 'c')).toBeUndefined();
    expect((await responsesOf(db, 'c')).results).toEqual([]);
  });
});
