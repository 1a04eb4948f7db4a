import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import {
  createRun,
  deleteRun,
  getRun,
  IndexedDbResultStore,
  listRuns,
  responsesOf,
  setRunStatus
} from './runs';
import { DEFAULT_SAMPLING, type RunConfig } from '$lib/core/schema/run';

const config: RunConfig = {
  task: 'selection',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social', 'random'],
  prompt: { reasoning: true, shots: 1, systemPrompt: 'x', templateHash: 'b'.repeat(64) },
  model: { provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: '0.1.0', userAgent: 'test' },
  createdAt: '2026-11-27T10:00:00.000Z'
};

let db: CqBenchDatabase;
let n = 0;
beforeEach(() => {
  db = new CqBenchDatabase(`runs-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('runs in IndexedDB', () => {
  it('keep each response under its run, so a resumed run knows what not to ask again', async () => {
    await createRun(db, 'r1', config, 3);
    const store = new IndexedDbResultStore(db);
    await store.save('r1', {
      itemKey: 'social/0',
      output: 'A--agree',
      latencyMs: 3,
      attempts: 1,
      finishedAt: config.createdAt
    });
    await store.save('r1', {
      itemKey: 'social/1',
      output: null,
      latencyMs: 9,
      attempts: 6,
      error: 'HTTP 500',
      finishedAt: config.createdAt
    });
    expect([...(await new IndexedDbResultStore(db).storedKeys('r1'))].sort()).toEqual([
      'social/0',
      'social/1'
    ]);
    expect(await new IndexedDbResultStore(db).storedKeys('other')).toEqual(new Set());
    const { results } = await responsesOf(db, 'r1');
    expect(results.find((r) => r.itemKey === 'social/1')?.error).toBe('HTTP 500');
  });

  it('record status changes and list runs newest first', async () => {
    await createRun(db, 'old', { ...config }, 1);
    await createRun(db, 'new', { ...config }, 1);
    await setRunStatus(db, 'old', 'stopped', 'the API key was refused');
    expect((await getRun(db, 'old'))?.statusMessage).toBe('the API key was refused');
    const { runs } = await listRuns(db);
    expect(runs.map((r) => r.id)).toHaveLength(2);
  });

  it('delete a run with all its responses', async () => {
    await createRun(db, 'r', config, 1);
    await new IndexedDbResultStore(db).save('r', {
      itemKey: 'k',
      output: 'x',
      latencyMs: 1,
      attempts: 1,
      finishedAt: config.createdAt
    });
    await deleteRun(db, 'r');
    expect(await db.responses.count()).toBe(0);
    expect(await getRun(db, 'r')).toBeUndefined();
  });

  it('upgrade a version-1 database in place, keeping its imported datasets', async () => {
    const name = `upgrade-${++n}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ datasets: '++id, &name, importedAt' });
    await v1
      .table('datasets')
      .add({ name: 'kept', importedAt: '2026-01-01T00:00:00Z', files: [], bundle: {} });
    v1.close();
    const upgraded = new CqBenchDatabase(name);
    expect((await upgraded.datasets.toArray()).map((d) => d.name)).toEqual(['kept']);
    await createRun(upgraded, 'r', config, 1);
    expect(await upgraded.runs.count()).toBe(1);
    await upgraded.delete();
  });
});
