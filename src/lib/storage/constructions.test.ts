import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import {
  createConstruction,
  deleteConstruction,
  getConstruction,
  listConstructions,
  setConstructionDataset
} from './constructions';
import { interruptedConstructionId, setConstructionStatus } from './construction-status';
import { IndexedDbResultStore, responsesOf } from './runs';
import type { ConstructionConfig } from '$lib/core/construction/construction-file';

const config = (createdAt: string): ConstructionConfig => ({
  kind: 'construction',
  category: 'social',
  count: 3,
  seed: 'storage-test',
  rounds: 2,
  ruleFixes: 2,
  minWords: 40,
  templateHash: 'a'.repeat(64),
  writer: { provider: 'openai', model: 'writer', baseUrl: 'http://127.0.0.1:9/v1' },
  checker: { provider: 'openai', model: 'checker', baseUrl: 'http://127.0.0.1:9/v1' },
  sampling: { temperature: 0.7, topP: 1, maxTokens: 4096 },
  environment: { appVersion: '0.1.0' },
  createdAt
});

const run = { concurrency: 4, limits: { timeoutMs: 30_000 } };

let n = 0;
let db: CqBenchDatabase | undefined;
afterEach(async () => {
  if (db) await db.delete();
  db = undefined;
});

describe('constructions in IndexedDB', () => {
  it('upgrade a version-6 database in place, keeping its check runs, and add the constructions table', async () => {
    const name = `constructions-upgrade-${String(++n)}`;
    const v6 = new Dexie(name);
    v6.version(6).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt',
      suites: 'id, createdAt, status',
      checkRuns: 'id, createdAt, status'
    });
    await v6
      .table('checkRuns')
      .add({ id: 'kept', config: {}, status: 'done', total: 1, createdAt: 'x', updatedAt: 'x' });
    await v6.table('responses').add({ runId: 'kept', itemKey: 'k', result: {} });
    v6.close();
    db = new CqBenchDatabase(name);
    expect(await db.checkRuns.get('kept')).toMatchObject({ status: 'done' });
    expect(await db.responses.count()).toBe(1);
    await createConstruction(db, 'b', config('2026-12-06T10:00:00.000Z'), run);
    expect(await getConstruction(db, 'b')).toMatchObject({ config: { count: 3 }, run });
  });

  it('refuse a configuration that does not validate, and leave out a damaged record when listing', async () => {
    db = new CqBenchDatabase(`constructions-${String(++n)}`);
    await expect(
      createConstruction(db, 'bad', { ...config('2026-12-06T10:00:00.000Z'), rounds: -1 }, run)
    ).rejects.toThrow();
    await expect(
      createConstruction(db, 'bad', config('2026-12-06T10:00:00.000Z'), { concurrency: 0 })
    ).rejects.toThrow();
    expect(await db.constructions.count()).toBe(0);
    await createConstruction(db, 'good', config('2026-12-06T10:00:00.000Z'), run);
    await db.constructions.add({
      id: 'damaged',
      config: { kind: 'check' },
      run,
      status: 'done',
      total: 0,
      createdAt: 'z',
      updatedAt: 'z'
    });
    const listed = await listConstructions(db);
    expect(listed.constructions.map((c) => c.id)).toEqual(['good']);
    expect(listed.damaged).toBe(1);
  });

  it('find the newest construction left running, and none once it is paused or done', async () => {
    db = new CqBenchDatabase(`constructions-${String(++n)}`);
    await createConstruction(db, 'older', config('2026-12-06T10:00:00.000Z'), run);
    await createConstruction(db, 'newer', config('2026-12-06T11:00:00.000Z'), run);
    await db.constructions.update('older', { createdAt: '2026-12-06T10:00:00.000Z' });
    await db.constructions.update('newer', { createdAt: '2026-12-06T11:00:00.000Z' });
    expect(await interruptedConstructionId(db)).toBe('newer');
    await setConstructionStatus(db, 'newer', 'paused', undefined, 2);
    expect(await getConstruction(db, 'newer')).toMatchObject({ status: 'paused', total: 2 });
    expect(await interruptedConstructionId(db)).toBe('older');
    await setConstructionStatus(db, 'older', 'done');
    expect(await interruptedConstructionId(db)).toBeUndefined();
  });

  it('keep replies under the construction id and the dataset it was saved as, and delete the replies with it', async () => {
    db = new CqBenchDatabase(`constructions-${String(++n)}`);
    await createConstruction(db, 'b', config('2026-12-06T10:00:00.000Z'), run);
    const store = new IndexedDbResultStore(db);
    await store.save('b', {
      itemKey: 'social/0/generate',
      output: 'a story',
      attempts: 1,
      latencyMs: 5,
      finishedAt: '2026-12-06T10:00:01.000Z'
    });
    await setConstructionDataset(db, 'b', 4);
    expect(await getConstruction(db, 'b')).toMatchObject({ datasetId: 4 });
    expect(await store.storedKeys('b')).toEqual(new Set(['social/0/generate']));
    await deleteConstruction(db, 'b');
    expect(await getConstruction(db, 'b')).toBeUndefined();
    expect((await responsesOf(db, 'b')).results).toEqual([]);
  });
});
