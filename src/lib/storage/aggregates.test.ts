import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import { leaderboardRuns } from './aggregates';
import { createJudging, setJudgingStatus } from './judgings';
import { createRun, IndexedDbResultStore, setRunStatus, setScoringJudging, touchRun } from './runs';
import { OVERALL, SCORER_VERSION } from '$lib/core/analysis';
import { configFor, DATASET, judgeReply, judgingConfig, result } from '$lib/core/analysis/testing';
import { planKeys } from '$lib/core/dataset/run-dataset';
import type { RunConfig } from '$lib/core/schema/run';

let db: CqBenchDatabase;
let n = 0;
let loads = 0;
const datasetFor = (config: RunConfig) => {
  loads++;
  if (config.dataset.id !== DATASET.id) return Promise.reject(new Error(`no dataset ${config.dataset.id}`));
  return Promise.resolve({ dataset: DATASET, split: Object.keys(DATASET.categories) });
};

beforeEach(() => {
  db = new CqBenchDatabase(`aggregates-${++n}`);
  loads = 0;
});
afterEach(async () => {
  await db.delete();
});

async function attitudeRun(
  id: string,
  outputs: string[],
  status: 'done' | 'running' = 'done'
): Promise<void> {
  await createRun(db, id, await configFor('attitude'), 6);
  const store = new IndexedDbResultStore(db);
  const keys = planKeys(DATASET, 'attitude');
  for (const [i, output] of outputs.entries()) await store.save(id, result(keys[i]!, output));
  await setRunStatus(db, id, status);
}

const overall = (scores: Awaited<ReturnType<typeof leaderboardRuns>>, runId: string): number | undefined =>
  scores.aggregates.find((a) => a.runId === runId)?.cells.find((c) => c.category === OVERALL)?.score;

describe('stored leaderboard aggregates', () => {
  it('are computed once, stored, and read back while the run is unchanged', async () => {
    await attitudeRun('a', ['agree', 'disagree', 'agree', 'agree', 'disagree', 'agree']);
    await attitudeRun('b', ['agree']);
    const first = await leaderboardRuns(db, { datasetFor });
    expect(first.recomputed).toBe(2);
    expect(overall(first, 'a')).toBe(1);
    expect(overall(first, 'b')).toBeCloseTo(1 / 6, 15);
    expect(await db.aggregates.count()).toBe(2);

    const again = await leaderboardRuns(db, { datasetFor });
    expect(again.recomputed).toBe(0);
    // Both runs are on the same dataset and categories: it was loaded once.
    expect(loads).toBe(1);
    expect(again.aggregates).toEqual(first.aggregates);
  });

  it('recompute a run that changed, and only that one', async () => {
    await attitudeRun('a', ['agree']);
    await attitudeRun('b', ['agree']);
    await leaderboardRuns(db, { datasetFor });
    await new IndexedDbResultStore(db).save('b', result('social/0/1', 'disagree'));
    await new Promise((r) => setTimeout(r, 2));
    await touchRun(db, 'b');
    const after = await leaderboardRuns(db, { datasetFor });
    expect(after.recomputed).toBe(1);
    expect(overall(after, 'b')).toBeCloseTo(2 / 6, 15);
  });

  it('recompute every run when the scorer version differs', async () => {
    await attitudeRun('a', ['agree']);
    await leaderboardRuns(db, { datasetFor });
    await db.aggregates.update('a', { scorerVersion: 'older' });
    expect((await leaderboardRuns(db, { datasetFor })).recomputed).toBe(1);
    expect((await db.aggregates.get('a'))?.scorerVersion).toBe(SCORER_VERSION);
  });

  it('recompute a stored aggregate that no longer validates', async () => {
    await attitudeRun('a', ['agree']);
    await leaderboardRuns(db, { datasetFor });
    await db.aggregates.update('a', { aggregate: { broken: true } });
    const again = await leaderboardRuns(db, { datasetFor });
    expect(again.recomputed).toBe(1);
    expect(overall(again, 'a')).toBeCloseTo(1 / 6, 15);
  });

  it('leave running runs out', async () => {
    await attitudeRun('a', ['agree'], 'running');
    await attitudeRun('b', ['agree']);
    const computed = await leaderboardRuns(db, { datasetFor });
    expect(computed).toMatchObject({ recomputed: 1, skipped: 1 });
    expect(computed.aggregates.map((a) => a.runId)).toEqual(['b']);
  });

  it('report a run whose dataset cannot be loaded, without storing it', async () => {
    await createRun(
      db,
      'x',
      await configFor('attitude', { dataset: { id: 'gone', name: 'gone', sha256: 'd'.repeat(64) } }),
      6
    );
    await setRunStatus(db, 'x', 'done');
    const r = await leaderboardRuns(db, { datasetFor });
    expect(r.aggregates[0]).toMatchObject({ runId: 'x', cells: [] });
    expect(r.aggregates[0]!.problem).toContain('no dataset gone');
    expect(await db.aggregates.count()).toBe(0);
  });

  it('remove aggregates of runs that no longer exist', async () => {
    await attitudeRun('a', ['agree']);
    await leaderboardRuns(db, { datasetFor });
    await db.runs.delete('a');
    await leaderboardRuns(db, { datasetFor });
    expect(await db.aggregates.count()).toBe(0);
  });

  it('score value extraction with its finished judging, recomputed when the judging changes', async () => {
    const config = await configFor('extraction');
    await createRun(db, 'e', config, 3);
    const store = new IndexedDbResultStore(db);
    await store.save('e', result('social/0', '[Final answer]: family, elders'));
    await setRunStatus(db, 'e', 'done');
    const before = await leaderboardRuns(db, { datasetFor });
    expect(before.aggregates[0]!.problem).toBe('not judged yet');

    await new Promise((r) => setTimeout(r, 2));
    await createJudging(db, 'j', judgingConfig('e'));
    await store.save('j', result('social/0', judgeReply([1, 1])));
    await setJudgingStatus(db, 'j', 'done');
    const after = await leaderboardRuns(db, { datasetFor });
    expect(after.recomputed).toBe(1);
    const a = after.aggregates[0]!;
    expect(a.judge?.judgingId).toBe('j');
    // social/0: 1, 1; social/1 and ethical/0 have no response: 0 each -> 2 / 4.
    expect(a.cells.find((c) => c.category === OVERALL)?.score).toBe(0.5);
  });

  it('keep the first judging’s score after a re-judging until the user chooses the new one', async () => {
    await createRun(db, 'e', await configFor('extraction'), 3);
    const store = new IndexedDbResultStore(db);
    await store.save('e', result('social/0', '[Final answer]: family, elders'));
    await setRunStatus(db, 'e', 'done');
    await createJudging(db, 'first', judgingConfig('e'));
    await store.save('first', result('social/0', judgeReply([1, 1])));
    await setJudgingStatus(db, 'first', 'done');
    await new Promise((r) => setTimeout(r, 2));
    await createJudging(db, 'second', judgingConfig('e'));
    await store.save('second', result('social/0', judgeReply([0, 0])));
    await setJudgingStatus(db, 'second', 'done');
    const rejudged = await leaderboardRuns(db, { datasetFor });
    expect(rejudged.aggregates[0]!.judge?.judgingId).toBe('first');
    expect(overall(rejudged, 'e')).toBe(0.5);

    await new Promise((r) => setTimeout(r, 2));
    await setScoringJudging(db, 'e', 'second');
    const chosen = await leaderboardRuns(db, { datasetFor });
    expect(chosen.recomputed).toBe(1);
    expect(chosen.aggregates[0]!.judge?.judgingId).toBe('second');
    expect(overall(chosen, 'e')).toBe(0);
  });
});
