import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { judgingConfig } from '$lib/core/analysis/testing';
import { DEFAULT_SAMPLING, type RunConfig } from '$lib/core/schema/run';
import type { SuiteSpec } from '$lib/core/schema/suite';
import { CqBenchDatabase } from './db';
import { getRun } from './runs';
import { createSuite, createSuiteRun, getSuite, newestUnfinishedSuite, setSuiteStatus } from './suites';

const config: RunConfig = {
  task: 'attitude',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social'],
  prompt: { reasoning: false, shots: 0, systemPrompt: '', templateHash: 'b'.repeat(64) },
  model: { provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: 'test' },
  createdAt: '2026-12-05T10:00:00.000Z'
};

const spec: SuiteSpec = {
  datasetId: 'shipped',
  categories: ['social'],
  model: config.model,
  sampling: DEFAULT_SAMPLING,
  systemPrompt: '',
  entries: [
    { task: 'attitude', reasoning: false, shots: 0 },
    { task: 'selection', reasoning: true, shots: 1 }
  ]
};

let n = 0;
let db: CqBenchDatabase;
afterEach(async () => {
  await db.delete();
});

describe('suites in IndexedDB', () => {
  it('upgrade a version-4 database in place, keeping its runs, and add the suites table', async () => {
    const name = `suites-upgrade-${String(++n)}`;
    const v4 = new Dexie(name);
    v4.version(4).stores({
      datasets: '++id, &name, importedAt',
      runs: 'id, createdAt, status',
      responses: '[runId+itemKey], runId',
      judgings: 'id, runId, createdAt',
      reviews: '[runId+itemKey+gold], runId',
      aggregates: 'runId',
      partials: '[runId+itemKey], runId',
      annotationProjects: 'id, createdAt',
      annotationWork: 'key, updatedAt'
    });
    await v4.table('runs').add({
      id: 'kept',
      config,
      status: 'done',
      total: 1,
      createdAt: config.createdAt,
      updatedAt: config.createdAt
    });
    v4.close();
    db = new CqBenchDatabase(name);
    expect((await getRun(db, 'kept'))?.status).toBe('done');
    await createSuite(db, 's', spec);
    expect((await getSuite(db, 's'))?.spec).toEqual(spec);
  });

  it('start an entry once: a second start returns the run the first made and writes nothing', async () => {
    db = new CqBenchDatabase(`suites-${String(++n)}`);
    await createSuite(db, 's', spec);
    expect(await createSuiteRun(db, 's', 0, { id: 'first', config })).toBe('first');
    expect(await createSuiteRun(db, 's', 0, { id: 'second', config })).toBe('first');
    expect(await db.runs.count()).toBe(1);
    expect((await getSuite(db, 's'))?.runIds).toEqual(['first']);
    // Entries start in order.
    await expect(createSuiteRun(db, 's', 2, { id: 'x', config })).rejects.toThrow(/cannot start before/);
    expect(await db.runs.count()).toBe(1);
  });

  it('start an entry again when its run was deleted, in the same slot', async () => {
    db = new CqBenchDatabase(`suites-${String(++n)}`);
    await createSuite(db, 's', spec);
    await createSuiteRun(db, 's', 0, { id: 'a', config });
    await createSuiteRun(db, 's', 1, { id: 'b', config });
    await db.runs.delete('a');
    expect(await createSuiteRun(db, 's', 0, { id: 'a2', config })).toBe('a2');
    expect((await getSuite(db, 's'))?.runIds).toEqual(['a2', 'b']);
  });

  it('leave no run behind when filing it under the suite fails', async () => {
    db = new CqBenchDatabase(`suites-${String(++n)}`);
    await createSuite(db, 's', spec);
    // A judging of another run is refused after the run was written: the run goes with it.
    const judging = judgingConfig('other-run');
    await expect(createSuiteRun(db, 's', 0, { id: 'r', config, judging })).rejects.toThrow(/other-run/);
    expect(await db.runs.count()).toBe(0);
    expect((await getSuite(db, 's'))?.runIds).toEqual([]);
  });

  it('find the newest suite not done or cancelled, skipping damaged records', async () => {
    db = new CqBenchDatabase(`suites-${String(++n)}`);
    await createSuite(db, 'old', spec);
    await setSuiteStatus(db, 'old', 'paused');
    await new Promise((r) => setTimeout(r, 5));
    await createSuite(db, 'finished', spec);
    await setSuiteStatus(db, 'finished', 'done');
    await db.suites.add({
      id: 'damaged',
      spec: { entries: 'none' },
      runIds: [],
      status: 'running',
      createdAt: '2999-01-01T00:00:00.000Z',
      updatedAt: '2999-01-01T00:00:00.000Z'
    });
    expect((await newestUnfinishedSuite(db))?.id).toBe('old');
    await setSuiteStatus(db, 'old', 'cancelled');
    expect(await newestUnfinishedSuite(db)).toBeUndefined();
  });
});
