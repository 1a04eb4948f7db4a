import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { configFor, DATASET, judgingConfig, result } from '$lib/core/analysis/testing';
import { planKeys } from '$lib/core/dataset/run-dataset';
import { database } from './instance';
import { getRun } from './runs';
import { storeImportedRuns, type PreparedImport } from './imported-runs';

async function prepared(sourceRunId: string, judgings = 0): Promise<PreparedImport> {
  const config = await configFor('extraction');
  const keys = planKeys(DATASET, 'extraction');
  return {
    file: `${sourceRunId}.json`,
    config,
    results: keys.map((k) => result(k, 'reply')),
    dataset: DATASET,
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

  it('says when a run was imported before, in this browser or earlier in the same import', async () => {
    const [once] = await storeImportedRuns(database, [await prepared('r4')]);
    expect(once?.duplicate).toBeUndefined();
    const [again, third] = await storeImportedRuns(database, [await prepared('r4'), await prepared('r4')]);
    expect(again?.duplicate).toContain('imported before (1 time)');
    expect(third?.duplicate).toContain('imported before (2 times)');
    expect(await database.runs.count()).toBe(3);
  });
});
