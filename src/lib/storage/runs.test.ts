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
  setRunStatus,
  storedResponseCount
} from './runs';
import { DEFAULT_SAMPLING, type PartialResult, type RunConfig } from '$lib/core/schema/run';
import { ModelError, type ChatModel } from '$lib/core/ports';
import type { RunItem } from '$lib/core/runner/plan';
import { runItems } from '$lib/core/runner/runner';
import { FakeClock, FakeModel } from '$lib/core/runner/testing';

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
    // The runs page shows these counts without reading the responses.
    expect(await storedResponseCount(db, 'r1')).toBe(2);
    expect(await storedResponseCount(db, 'other')).toBe(0);
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

describe('partials of unfinished items in IndexedDB', () => {
  const partial = (output: string): PartialResult => ({
    steps: [{ output, latencyMs: 5 }],
    rejected: [],
    attempts: 1,
    latencyMs: 5
  });

  it('a resumed run asks only the call the paused one had not received', async () => {
    await createRun(db, 'r', { ...config, task: 'extraction' }, 1);
    const item: RunItem = {
      key: 'social/0',
      category: 'social',
      story: 0,
      messages: [{ role: 'user', content: 'social/0' }],
      followUps: ['social/0 values']
    };
    const clock = new FakeClock();
    const options = { sampling: DEFAULT_SAMPLING, clock };
    const paused = new AbortController();
    const asked: number[] = [];
    // Replies to the first call, then waits on the second until the user pauses.
    const first: ChatModel = {
      identity: { provider: 'fake', model: 'm' },
      concurrency: 1,
      complete: (request) => {
        asked.push(request.messages.length);
        if (request.messages.length === 1)
          return Promise.resolve({ text: 'the analysis', finishReason: 'stop', timing: { totalMs: 5 } });
        setTimeout(() => {
          paused.abort();
        }, 0);
        return new Promise((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => {
            reject(new ModelError('cancelled', 'paused'));
          });
        });
      }
    };
    await runItems(first, [item], new IndexedDbResultStore(db), 'r', options, { signal: paused.signal });
    expect(asked).toEqual([1, 3]);
    expect(await new IndexedDbResultStore(db).storedKeys('r')).toEqual(new Set());

    const second = new FakeModel(clock, 1);
    const outcome = await runItems(second, [item], new IndexedDbResultStore(db), 'r', options);
    expect(outcome.status).toBe('completed');
    expect(second.calls.map((c) => c.key)).toEqual(['social/0 values']);
    const { results } = await responsesOf(db, 'r');
    expect(results[0]).toMatchObject({ output: 'answer to social/0 values', attempts: 2 });
    expect(results[0]?.steps?.[0]?.output).toBe('the analysis');
    expect(await db.partials.count()).toBe(0);
  });

  it('a partial is replaced by a newer one, ignored when unreadable, and deleted with its run', async () => {
    await createRun(db, 'r', config, 2);
    const store = new IndexedDbResultStore(db);
    await store.savePartial('r', 'a', partial('first'));
    await store.savePartial('r', 'a', partial('second'));
    await db.partials.put({ runId: 'r', itemKey: 'b', partial: { steps: 'not a list' } });
    const read = await store.partials('r');
    expect([...read.keys()]).toEqual(['a']);
    expect(read.get('a')?.steps[0]?.output).toBe('second');
    await deleteRun(db, 'r');
    expect(await db.partials.count()).toBe(0);
  });
});
