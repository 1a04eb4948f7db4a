import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configFor, DATASET, judgingConfig, result } from '$lib/core/analysis/testing';
import { planKeys } from '$lib/core/dataset/run-dataset';
import { database } from './instance';
import { getRun } from './runs';
import { storeImportedRuns, sweepOrphanResponses, type PreparedImport } from './imported-runs';

async function prepared(sourceRunId: string, judgings = 0): Promise<PreparedImport> {
  const config = await configFor('extraction');
  const keys = planKeys(DATASET, 'extraction');
  return {
    file: `${sourceRunId}.json`,
    config,
    results: keys.map((k) => result(k, 'reply')),
    total: keys.length,
    note: `Imported from ${sourceRunId}.json (run ${sourceRunId}).`,
    judgings: Array.from({ length: judgings }, (_, i) => ({
      id: `judging-${String(i)}`,
      config: judgingConfig(sourceRunId),
      results: [result(`${keys[0] ?? ''}#${String(i)}`, 'verdict')]
    })),
    reviews: [],
    sourceRunId
  };
}

describe('storeImportedRuns', () => {
  beforeEach(async () => {
    await Promise.all(database.tables.map((t) => t.clear()));
  });

  it("keeps a bundle's judgings in order and scores the run with the one its scores were checked with", async () => {
    const [outcome] = await storeImportedRuns(database, [await prepared('r1', 3)]);
    const run = await getRun(database, outcome?.runId ?? '');
    const judgings = await database.judgings
      .where('runId')
      .equals(outcome?.runId ?? '')
      .sortBy('createdAt');
    expect(judgings).toHaveLength(3);
    expect(new Set(judgings.map((j) => j.createdAt)).size).toBe(3);
    // The first judging of the bundle is the one it was verified with: it gives the score.
    const first = judgings[0];
    expect(run?.scoringJudgingId).toBe(first?.id);
    const firstResults = await database.responses
      .where('runId')
      .equals(first?.id ?? '')
      .toArray();
    expect(firstResults.map((r) => r.itemKey)).toEqual([`${planKeys(DATASET, 'extraction')[0] ?? ''}#0`]);
  });

  it('stores every file or none: one that cannot be stored leaves the others out too', async () => {
    const bad = await prepared('r3');
    // A value IndexedDB cannot store makes its write fail inside the transaction.
    const unstorable = { ...result('x/0', 'reply'), hook: () => 'no' };
    bad.results = [unstorable];
    await expect(storeImportedRuns(database, [await prepared('r2'), bad])).rejects.toThrow();
    expect(await database.runs.count()).toBe(0);
    expect(await database.responses.count()).toBe(0);
  });

  it('stores a bundle once: importing it again, even twice in one import, names the run it already is', async () => {
    const [once] = await storeImportedRuns(database, [await prepared('r4')]);
    expect(once?.already).toBeUndefined();
    const [again, third, other] = await storeImportedRuns(database, [
      await prepared('r4'),
      await prepared('r4'),
      await prepared('r5')
    ]);
    expect(again).toEqual({ runId: once?.runId, already: 'imported' });
    expect(third).toEqual({ runId: once?.runId, already: 'imported' });
    expect(other?.already).toBeUndefined();
    expect(await database.runs.count()).toBe(2);
    expect(
      await database.responses
        .where('runId')
        .equals(once?.runId ?? '')
        .count()
    ).toBe(planKeys(DATASET, 'extraction').length);
  });

  it('knows a bundle of a run made in this browser, and runs imported before the source was recorded', async () => {
    const stored = (id: string, p: PreparedImport, statusMessage?: string) =>
      database.runs.put({
        id,
        config: p.config,
        status: 'done',
        ...(statusMessage === undefined ? {} : { statusMessage }),
        total: 1,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z'
      });
    // A run made here has the bundle's run id itself.
    const local = await prepared('r6');
    await stored('r6', local);
    expect(await storeImportedRuns(database, [local])).toEqual([{ runId: 'r6', already: 'made here' }]);
    // An older import: no `importedFrom`, only the note naming its source run.
    const legacy = await prepared('r7');
    await stored('old-import', legacy, legacy.note);
    expect(await storeImportedRuns(database, [legacy])).toEqual([
      { runId: 'old-import', already: 'imported' }
    ]);
    expect(await database.runs.count()).toBe(2);
  });

  it('writes a large run in batches, reporting progress, and deletes what it wrote when a later batch fails', async () => {
    const BATCH = 10;
    const big = await prepared('r-big');
    big.results = Array.from({ length: BATCH * 2 + 5 }, (_, i) => result(`social/${String(i)}`, 'reply'));
    const heard: [number, number][] = [];
    const put = database.responses.bulkPut.bind(database.responses);
    const spy = vi.spyOn(database.responses, 'bulkPut');
    let calls = 0;
    spy.mockImplementation((...args: Parameters<typeof put>) => {
      // The storage gives out on the third batch.
      if (++calls === 3) return Dexie.Promise.reject(new DOMException('full', 'QuotaExceededError'));
      return put(...args);
    });
    try {
      await expect(
        storeImportedRuns(database, [big], {
          batch: BATCH,
          onProgress: (written, of) => heard.push([written, of])
        })
      ).rejects.toThrow('full');
    } finally {
      spy.mockRestore();
    }
    expect(heard).toEqual([
      [0, BATCH * 2 + 5],
      [BATCH, BATCH * 2 + 5],
      [BATCH * 2, BATCH * 2 + 5]
    ]);
    expect(await database.runs.count()).toBe(0);
    expect(await database.responses.count()).toBe(0);

    const [outcome] = await storeImportedRuns(database, [big], { batch: BATCH });
    expect(
      await database.responses
        .where('runId')
        .equals(outcome?.runId ?? '')
        .count()
    ).toBe(BATCH * 2 + 5);
  });

  it("deletes responses an import wrote before its tab was closed, and keeps every run's and judging's", async () => {
    const [kept] = await storeImportedRuns(database, [await prepared('r-kept', 1)]);
    const before = await database.responses.count();
    await database.responses.bulkPut([
      { runId: 'never-committed', itemKey: 'social/0', result: result('social/0', 'reply') },
      { runId: 'never-committed', itemKey: 'social/1', result: result('social/1', 'reply') }
    ]);
    expect(await sweepOrphanResponses(database)).toBe(1);
    expect(await database.responses.count()).toBe(before);
    expect(
      await database.responses
        .where('runId')
        .equals(kept?.runId ?? '')
        .count()
    ).toBeGreaterThan(0);
  });
});
