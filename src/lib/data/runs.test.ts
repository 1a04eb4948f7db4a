import 'fake-indexeddb/auto';
import { judgingConfig } from '$lib/core/analysis/testing';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { STORAGE_FULL, userMessage } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { createJudging } from '$lib/storage/judgings';
import { IndexedDbResultStore } from '$lib/storage/runs';
import { loadLocalLeaderboard } from './local-leaderboard';
import { deleteStoredRun, loadRunList, RUN_IN_PROGRESS, runLockName, type RunLockRequest } from './runs';
import { importBundles } from './store-import';

const BUNDLE = 'cqbench-run-attitude-majority-attitude-35247e03-400d-458f-95c5-0e8d0e8454dc.json';
const bundle = { name: BUNDLE, text: readFileSync(`static/leaderboard/${BUNDLE}`, 'utf8') };

/** Web Locks as the browser grants them to the tabs of one origin (`ifAvailable` only). */
function fakeLocks(): { request: RunLockRequest; held: Set<string> } {
  const held = new Set<string>();
  return {
    held,
    request: async (name, _options, work) => {
      if (held.has(name)) return work(null);
      held.add(name);
      try {
        return await work({ name, mode: 'exclusive' });
      } finally {
        held.delete(name);
      }
    }
  };
}

const leaderboardRunIds = async (): Promise<string[]> =>
  (await loadLocalLeaderboard(() => undefined)).aggregates.map((a) => a.runId);

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

describe('deleting a run', () => {
  it('removes it with its responses, judgings, partials and aggregate, and the leaderboard no longer has it', async () => {
    const [kept] = await importBundles([bundle]);
    // The same bundle under another run id: another run (flagged, its hashes no longer agree).
    const [outcome] = await importBundles([
      { ...bundle, text: bundle.text.replace(/35247e03-/g, 'aaaaaaaa-') }
    ]);
    const id = outcome?.runId ?? '';
    // What a value-extraction run or an interrupted item would leave besides responses.
    await createJudging(database, 'j', judgingConfig(id));
    const store = new IndexedDbResultStore(database);
    await store.save('j', {
      itemKey: 'social/0',
      output: '1',
      latencyMs: 1,
      attempts: 1,
      finishedAt: '2026-11-27T11:00:00.000Z'
    });
    await store.savePartial(id, 'social/9/9', { steps: [], rejected: [], attempts: 1, latencyMs: 1 });
    expect(await leaderboardRunIds()).toContain(id);
    expect(await database.aggregates.get(id)).toBeDefined();

    await deleteStoredRun(id, fakeLocks().request);

    expect((await loadRunList()).runs.map((r) => r.run.id)).toEqual([kept?.runId]);
    expect(await leaderboardRunIds()).toEqual([kept?.runId]);
    for (const table of [database.responses, database.partials, database.judgings])
      expect(await table.where('runId').anyOf([id, 'j']).count()).toBe(0);
    expect(await database.aggregates.get(id)).toBeUndefined();
    expect(
      await database.responses
        .where('runId')
        .equals(kept?.runId ?? '')
        .count()
    ).toBeGreaterThan(0);
  });

  it('is refused, in words that say what to do, while a tab makes the run’s calls', async () => {
    const [outcome] = await importBundles([bundle]);
    const id = outcome?.runId ?? '';
    const locks = fakeLocks();
    // A tab running the run holds its lock (state/run-lock.ts) for as long as it makes calls.
    let finish = (): void => undefined;
    const running = locks.request(runLockName(id), { ifAvailable: true }, async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    const refusal = await deleteStoredRun(id, locks.request).catch((e: unknown) => e);
    expect(userMessage(refusal)).toBe(RUN_IN_PROGRESS);
    expect((await loadRunList()).runs).toHaveLength(1);
    finish();
    await running;
    await deleteStoredRun(id, locks.request);
    expect((await loadRunList()).runs).toHaveLength(0);
  });
});

describe('importing a bundle', () => {
  it('twice makes one run: the second import names the run it already is', async () => {
    const [first] = await importBundles([bundle]);
    expect(first?.already).toBeUndefined();
    const [second] = await importBundles([bundle]);
    expect(second).toEqual({ runId: first?.runId, already: 'imported' });
    expect((await loadRunList()).runs).toHaveLength(1);
  });

  it('with a result for an item its dataset does not have is refused, naming the item, and stores nothing', async () => {
    const data = JSON.parse(bundle.text) as { results: { itemKey: string }[] };
    data.results.push({ ...data.results[0]!, itemKey: 'social/99/0' });
    const refusal = await importBundles([{ name: 'extra.json', text: JSON.stringify(data) }]).catch(
      (e: unknown) => e
    );
    expect(userMessage(refusal)).toMatch(
      /^Could not read extra\.json: field "results\[\d+\]\.itemKey": social\/99\/0 is not an item of attitude in /
    );
    expect((await loadRunList()).runs).toHaveLength(0);
  });

  it('into a full store says what is full and what to delete, and stores nothing', async () => {
    // The store the browser gives when its quota is used up: writes of responses fail.
    // (Middleware applies to a connection opened after it is added.)
    database.close();
    database.use({
      stack: 'dbcore',
      name: 'full-store',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (request) =>
              name === 'responses'
                ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
                : table.mutate(request)
          };
        }
      })
    });
    await database.open();
    try {
      const refusal = await importBundles([bundle]).catch((e: unknown) => e);
      expect(userMessage(refusal)).toBe(STORAGE_FULL);
    } finally {
      database.close();
      database.unuse({ stack: 'dbcore', name: 'full-store' });
      await database.open();
    }
    expect((await loadRunList()).runs).toHaveLength(0);
  });
});
