import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import { createRun, deleteRun, getRun, IndexedDbResultStore, responsesOf, setScoringJudging } from './runs';
import {
  createJudging,
  deleteJudging,
  getJudging,
  interruptedJudgings,
  judgingsOf,
  setJudgingStatus
} from './judgings';
import { reviewsOf, removeReview, saveReview } from './reviews';
import { DEFAULT_SAMPLING, type ItemResult, type RunConfig } from '$lib/core/schema/run';
import type { HumanVerdict, JudgingConfig } from '$lib/core/schema/judging';

const config: RunConfig = {
  task: 'extraction',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social'],
  prompt: { reasoning: false, shots: 0, systemPrompt: 'x', templateHash: 'b'.repeat(64) },
  model: { provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: '0.1.0' },
  createdAt: '2026-11-27T10:00:00.000Z'
};

const judge = (runId: string, createdAt = '2026-11-27T11:00:00.000Z'): JudgingConfig => ({
  runId,
  judge: { provider: 'openai', model: 'judge', baseUrl: 'http://127.0.0.1:2/v1' },
  sampling: { temperature: 0, topP: 1, maxTokens: 1024 },
  samples: 1,
  templateHash: 'c'.repeat(64),
  environment: { appVersion: '0.1.0' },
  createdAt
});

const result = (itemKey: string): ItemResult => ({
  itemKey,
  output: 'x',
  latencyMs: 1,
  attempts: 1,
  finishedAt: config.createdAt
});

const review = (runId: string, gold: number, verdict: 0 | 0.5 | 1 = 1): HumanVerdict => ({
  runId,
  itemKey: 'social/0',
  gold,
  verdict,
  at: '2026-11-27T12:00:00.000Z'
});

let db: CqBenchDatabase;
let n = 0;
beforeEach(async () => {
  db = new CqBenchDatabase(`judgings-${++n}`);
  await createRun(db, 'run', config, 2);
  // An old stamp, so any later write shows as a change.
  await db.runs.update('run', { updatedAt: '2000-01-01T00:00:00.000Z' });
});
afterEach(async () => {
  await db.delete();
});

const stamp = async (): Promise<string | undefined> => (await getRun(db, 'run'))?.updatedAt;

describe('judgings in IndexedDB', () => {
  it('keep a judging with its responses apart from the run, and mark the run as changed', async () => {
    await createJudging(db, 'j1', judge('run'));
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');
    const store = new IndexedDbResultStore(db);
    await store.save('run', result('social/0'));
    await store.save('j1', result('social/0'));
    await store.save('j1', result('social/0#1'));
    expect([...(await store.storedKeys('j1'))].sort()).toEqual(['social/0', 'social/0#1']);
    expect((await responsesOf(db, 'run')).results).toHaveLength(1);

    await db.runs.update('run', { updatedAt: '2000-01-01T00:00:00.000Z' });
    await setJudgingStatus(db, 'j1', 'done', undefined, 2);
    expect(await getJudging(db, 'j1')).toMatchObject({ status: 'done', total: 2 });
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');
  });

  it('list a run’s judgings oldest first, skipping and counting damaged records', async () => {
    await createJudging(db, 'late', judge('run', '2026-11-27T11:30:00.000Z'));
    await createJudging(db, 'early', judge('run', '2026-11-27T11:00:00.000Z'));
    await db.judgings.update('late', { createdAt: '2026-11-27T11:30:00.000Z' });
    await db.judgings.update('early', { createdAt: '2026-11-27T11:00:00.000Z' });
    await db.judgings.add({
      id: 'bad',
      runId: 'run',
      config: { runId: 'run' },
      status: 'done',
      total: 0,
      createdAt: '2026-11-27T11:10:00.000Z',
      updatedAt: '2026-11-27T11:10:00.000Z'
    });
    const { judgings, damaged } = await judgingsOf(db, 'run');
    expect(judgings.map((j) => j.id)).toEqual(['early', 'late']);
    expect(damaged).toBe(1);
  });

  it('find the judgings a closed tab left running', async () => {
    await createJudging(db, 'a', judge('run'));
    await createJudging(db, 'b', judge('run'), 'paused');
    expect((await interruptedJudgings(db)).map((j) => j.id)).toEqual(['a']);
  });

  it('refuse a judging of a run that is not stored', async () => {
    await expect(createJudging(db, 'j', judge('nowhere'))).rejects.toThrow('not in this browser');
  });

  it('delete one judging with its responses only', async () => {
    await createJudging(db, 'j1', judge('run'));
    await createJudging(db, 'j2', judge('run'));
    const store = new IndexedDbResultStore(db);
    await store.save('j1', result('social/0'));
    await store.save('j2', result('social/0'));
    await deleteJudging(db, 'j1');
    expect((await judgingsOf(db, 'run')).judgings.map((j) => j.id)).toEqual(['j2']);
    expect(await store.storedKeys('j1')).toEqual(new Set());
    expect(await store.storedKeys('j2')).toEqual(new Set(['social/0']));
  });

  it('remember the judging chosen for the run’s score, marking the run as changed, and forget it with the judging', async () => {
    await createJudging(db, 'j1', judge('run'));
    await createJudging(db, 'j2', judge('run'));
    await db.runs.update('run', { updatedAt: '2000-01-01T00:00:00.000Z' });
    await setScoringJudging(db, 'run', 'j2');
    expect((await getRun(db, 'run'))?.scoringJudgingId).toBe('j2');
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');

    await deleteJudging(db, 'j1');
    expect((await getRun(db, 'run'))?.scoringJudgingId).toBe('j2');
    await db.runs.update('run', { updatedAt: '2000-01-01T00:00:00.000Z' });
    await deleteJudging(db, 'j2');
    expect((await getRun(db, 'run'))?.scoringJudgingId).toBeUndefined();
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('reviews in IndexedDB', () => {
  it('keep one verdict per gold value, replace it, remove it, and mark the run as changed each time', async () => {
    await saveReview(db, review('run', 0, 1));
    await saveReview(db, review('run', 1, 0));
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');
    await saveReview(db, { ...review('run', 0, 0.5), note: 'only half' });
    const { reviews } = await reviewsOf(db, 'run');
    expect(reviews.map((r) => [r.gold, r.verdict, r.note])).toEqual([
      [0, 0.5, 'only half'],
      [1, 0, undefined]
    ]);
    await db.runs.update('run', { updatedAt: '2000-01-01T00:00:00.000Z' });
    await removeReview(db, 'run', 'social/0', 0);
    expect((await reviewsOf(db, 'run')).reviews.map((r) => r.gold)).toEqual([1]);
    expect(await stamp()).not.toBe('2000-01-01T00:00:00.000Z');
  });

  it('refuse a verdict outside 1, 0.5 and 0, and skip damaged stored ones', async () => {
    await expect(saveReview(db, { ...review('run', 0), verdict: 2 as 1 })).rejects.toThrow();
    await db.reviews.put({ runId: 'run', itemKey: 'social/0', gold: 3, review: { verdict: 'yes' } });
    // A record whose key disagrees with its content is damaged too.
    await db.reviews.put({ runId: 'run', itemKey: 'social/1', gold: 0, review: review('run', 0) });
    expect(await reviewsOf(db, 'run')).toEqual({ reviews: [], damaged: 2 });
  });
});

describe('deleting a run', () => {
  it('deletes its judgings, their responses, its reviews and its aggregate, and nothing of other runs', async () => {
    await createRun(db, 'other', config, 1);
    await createJudging(db, 'j', judge('run'));
    await createJudging(db, 'k', judge('other'));
    const store = new IndexedDbResultStore(db);
    await store.save('run', result('social/0'));
    await store.save('j', result('social/0'));
    await store.save('k', result('social/0'));
    await saveReview(db, review('run', 0));
    await saveReview(db, review('other', 0));
    await db.aggregates.put({ runId: 'run', runUpdatedAt: '', scorerVersion: '1', aggregate: {} });
    await deleteRun(db, 'run');
    expect(await db.judgings.count()).toBe(1);
    expect((await db.responses.toArray()).map((r) => r.runId)).toEqual(['k']);
    expect((await db.reviews.toArray()).map((r) => r.runId)).toEqual(['other']);
    expect(await db.aggregates.count()).toBe(0);
  });
});
