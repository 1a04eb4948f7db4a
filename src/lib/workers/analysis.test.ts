import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sentItem, sentItemAlone, type StoryAlone } from '../core/analysis/run-report';
import { exportRunBundle, runBundleText } from '../core/analysis';
import { configFor, DATASET, result, results, runInput } from '../core/analysis/testing';
import { planKeys } from '../core/dataset/run-dataset';
import { FormatError } from '../core/format-error';
import { UserError } from '../core/user-message';
import { CqBenchDatabase } from '../storage/db';
import { rawResponsesOf, type StoredRun } from '../storage/runs';
import type { RunInput } from '../core/analysis/aggregate';
import { AnalysisSession } from './analysis';
import { scoreStoredRun } from '../core/analysis/stored-run';
import {
  crossingError,
  rebuildError,
  ScoredAssembly,
  scoredInBatches,
  type AnalysisEvent,
  type ScoredBatch
} from './analysis-protocol';

const SPLIT = Object.keys(DATASET.categories);

async function bundleText(): Promise<string> {
  const config = await configFor('attitude');
  const keys = planKeys(DATASET, 'attitude');
  return runBundleText(
    await exportRunBundle(runInput('run-1', config, results(keys, ['agree', 'disagree', 'agree', null, 'x'])))
  );
}

const silent = (): void => undefined;

// Each test's session on a database of its own.
let databases = 0;
const newDatabase = (): CqBenchDatabase => new CqBenchDatabase(`analysis-${++databases}`);
const newSession = (): AnalysisSession => new AnalysisSession(newDatabase());

/** A run stored with these response records (some may be damaged), as the app stores them. */
async function storedRun(db: CqBenchDatabase, input: RunInput, records: unknown[]): Promise<StoredRun> {
  const { id, config, status, createdAt, updatedAt } = input;
  const run: StoredRun = { id, config, status, total: records.length, createdAt, updatedAt };
  await db.runs.add(run);
  await db.responses.bulkPut(
    records.map((result) => ({ runId: id, itemKey: (result as { itemKey: string }).itemKey, result }))
  );
  return run;
}

/** `bundle` stored as an imported dataset (unchecked, as a record may be), and its id. */
async function storedDataset(db: CqBenchDatabase, name: string, bundle: unknown): Promise<number> {
  return db.datasets.add({ name, importedAt: new Date().toISOString(), files: [], bundle });
}

describe('the analysis session (what the worker runs)', () => {
  it('reads a bundle from the chosen file as from its text, and refuses one not in UTF-8', async () => {
    const session = newSession();
    const text = await bundleText();
    const fromText = await session.handle({ type: 'read-bundle', file: 'b.json', source: text }, silent);
    const fromFile = await session.handle(
      { type: 'read-bundle', file: 'b.json', source: new Blob([text]) },
      silent
    );
    expect({ ...(fromFile as object), token: 0 }).toEqual({ ...(fromText as object), token: 0 });
    await expect(
      session.handle(
        { type: 'read-bundle', file: 'latin.json', source: new Blob([new Uint8Array([0x7b, 0xe9, 0x7d])]) },
        silent
      )
    ).rejects.toThrow('latin.json: not valid UTF-8 text');
  });

  it('reads, verifies and stores a bundle, telling how far it has got', async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const read = await session.handle(
      { type: 'read-bundle', file: 'b.json', source: await bundleText() },
      silent
    );
    expect(read).toMatchObject({ results: 5, run: { id: 'run-1' } });
    const token = (read as { token: number }).token;
    const total = planKeys(DATASET, 'attitude').length;
    expect(
      await session.handle({ type: 'verify-bundle', token, dataset: DATASET, split: SPLIT }, silent)
    ).toEqual({ status: { state: 'verified' }, total });
    const config = await configFor('attitude');
    const progress: number[] = [];
    const outcomes = await session.handle(
      { type: 'store-bundles', bundles: [{ token, config, total, note: 'Imported from b.json.' }] },
      (e) => {
        if (e.type === 'stored') progress.push(e.written);
      }
    );
    expect(outcomes).toEqual([{ runId: expect.any(String) as string }]);
    const [{ runId }] = outcomes as [{ runId: string }];
    expect(await db.runs.get(runId)).toMatchObject({
      importedFrom: 'run-1',
      statusMessage: 'Imported from b.json.'
    });
    const stored = (await rawResponsesOf(db, runId)) as { itemKey: string }[];
    expect(stored.map((r) => r.itemKey).sort()).toEqual(planKeys(DATASET, 'attitude').slice(0, 5).sort());
    expect(progress.at(-1)).toBe(5);
    // Stored once: the session keeps nothing of it.
    await expect(
      session.handle({ type: 'store-bundles', bundles: [{ token, config, total, note: '' }] }, silent)
    ).rejects.toThrow('no bundle');
  });

  it('refuses a result for an item the dataset does not have, naming it', async () => {
    const session = newSession();
    const data = JSON.parse(await bundleText()) as { results: unknown[] };
    data.results.push(result('nowhere/0/0', 'agree'));
    const read = (await session.handle(
      { type: 'read-bundle', file: 'extra.json', source: JSON.stringify(data) },
      silent
    )) as { token: number };
    const refusal = await session
      .handle({ type: 'verify-bundle', token: read.token, dataset: DATASET, split: SPLIT }, silent)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FormatError);
    expect(String(refusal)).toContain('nowhere/0/0 is not an item of attitude');
  });

  it("reads a run's responses from storage and scores them, counting the damaged ones", async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const input = runInput('run-2', config, []);
    const run = await storedRun(db, input, [
      ...results(keys.slice(0, 3), ['agree', 'agree', 'no']),
      { itemKey: 'broken' }
    ]);
    const events: AnalysisEvent[] = [];
    const scored = await session.handle(
      { type: 'score-run', input: { run, dataset: DATASET, split: SPLIT }, batch: 1_000 },
      (e) => events.push(e)
    );
    expect(scored).toMatchObject({ damaged: 1, aggregate: { runId: 'run-2', responded: 3 } });
    expect(events.length).toBe(1);
  });

  it("gives a reader run's figure per story from its stored responses, damaged ones left out", async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    // social/0: right, wrong; social/1: right, then a damaged record (not answered); ethical/0: none.
    const run = await storedRun(db, runInput('run-3', config, []), [
      ...results(keys.slice(0, 3), ['agree', 'agree', 'agree']),
      { itemKey: 'broken' }
    ]);
    const stories = await session.handle(
      { type: 'reader-stories', input: { run, dataset: DATASET, split: SPLIT } },
      silent
    );
    expect(stories).toEqual([
      { key: 'social/0', items: 2, answered: 2, solve: 0.5 },
      { key: 'social/1', items: 2, answered: 1, solve: 1 },
      { key: 'ethical/0', items: 2, answered: 0, solve: null }
    ]);
  });
});

describe('a scored run crossing to the page in batches', () => {
  for (const task of ['attitude', 'selection'] as const)
    it(`comes back whole and identical (${task})`, async () => {
      const config = await configFor(task);
      const keys = planKeys(DATASET, task);
      const input = runInput(
        'run-3',
        config,
        results(
          keys,
          keys.map((_k, i) => (i % 3 === 0 ? null : 'agree'))
        )
      );
      const { results: raw, ...rest } = input;
      const direct = await scoreStoredRun({ ...rest, rawResults: raw });

      const db = newDatabase();
      const session = new AnalysisSession(db);
      const run = await storedRun(db, input, [...raw]);
      const batches: ScoredBatch[] = [];
      const reply = (await session.handle(
        { type: 'score-run', input: { run, dataset: DATASET, split: SPLIT }, batch: 2 },
        (e) => {
          if (e.type === 'scored') batches.push(e);
        }
      )) as Awaited<ReturnType<typeof scoreStoredRun>>;

      // The long lists came as events, none in the reply, and no batch is over its size.
      expect(reply.scored.items).toEqual([]);
      expect(reply.scored.keys).toEqual([]);
      expect(reply.scored.summary.items).toEqual([]);
      expect(batches.length).toBe(Math.ceil(direct.scored.items.length / 2));
      expect(batches.every((b) => b.items.length <= 2 && b.keys.length <= 2)).toBe(true);
      const assembly = new ScoredAssembly();
      for (const b of batches) assembly.add(b);
      expect({ ...reply, scored: assembly.complete(reply.scored) }).toEqual(direct);
    });

  it('keeps task 1 questions in order, and refuses an empty batch size', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const { results: raw, ...rest } = runInput(
      'run-4',
      config,
      results(
        keys,
        keys.map(() => 'agree')
      )
    );
    const { scored } = await scoreStoredRun({ ...rest, rawResults: raw });
    if (scored.task !== 'attitude') throw new Error('scored as another task');
    expect(scored.questions.length).toBeGreaterThan(3);
    const { head, batches } = scoredInBatches(scored, 3);
    const assembly = new ScoredAssembly();
    for (const b of batches) assembly.add(b);
    const whole = assembly.complete(head);
    expect(whole.task === 'attitude' && whole.questions).toEqual(scored.questions);
    expect(() => scoredInBatches(scored, 0)).toThrow('at least one item');
  });
});

describe('a dataset the session checked', () => {
  it('is read from storage and kept, so a run on some of its categories is scored from a reference alike', async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const id = await storedDataset(db, 'stored', { categories: DATASET.categories, warnings: [] });
    const checked = (await session.handle({ type: 'read-dataset', id }, silent)) as {
      kept: number;
      name: string;
      bundle: { categories: Record<string, unknown> };
    };
    expect(checked.name).toBe('stored');
    expect(Object.keys(checked.bundle.categories)).toEqual(SPLIT);
    expect(await session.handle({ type: 'read-dataset', id: id + 1 }, silent)).toBeNull();
    const category = SPLIT[0]!;
    const dataset = { ...DATASET, categories: { [category]: DATASET.categories[category]! } };
    const config = await configFor('attitude', { categories: [category] });
    const keys = planKeys(dataset, 'attitude');
    const { results: raw, ...rest } = runInput(
      'run-5',
      config,
      results(
        keys,
        keys.map(() => 'agree')
      ),
      {
        dataset
      }
    );
    const direct = await scoreStoredRun({ ...rest, rawResults: raw });
    const run = await storedRun(db, { ...rest, results: raw }, [...raw]);
    const split = [...rest.split];
    const reference = { kept: checked.kept, id: dataset.id, name: dataset.name, categories: [category] };
    const fromReference = await session.handle(
      { type: 'aggregate', input: { run, dataset: reference, split } },
      silent
    );
    expect(fromReference).toEqual(direct.aggregate);
    // A reference to a dataset never read, or to a category it lacks, is refused.
    await expect(
      session.handle(
        {
          type: 'aggregate',
          input: { run, dataset: { ...reference, kept: 999 }, split }
        },
        silent
      )
    ).rejects.toThrow('no dataset 999');
    await expect(
      session.handle(
        {
          type: 'aggregate',
          input: { run, dataset: { ...reference, categories: ['nowhere'] }, split }
        },
        silent
      )
    ).rejects.toThrow('no category nowhere');
  });

  it('is kept without sending its stories back when only its categories are asked for', async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const id = await storedDataset(db, 'stored', { categories: DATASET.categories, warnings: [] });
    const reply = await session.handle({ type: 'keep-dataset', id }, silent);
    expect(reply).toEqual({ kept: expect.any(Number) as number, name: 'stored', categories: SPLIT });
    const { kept } = reply as { kept: number };
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const { results: rawResults, ...rest } = runInput(
      'run-6',
      config,
      results(
        keys,
        keys.map(() => 'disagree')
      )
    );
    const direct = await scoreStoredRun({ ...rest, rawResults });
    const run = await storedRun(db, { ...rest, results: rawResults }, [...rawResults]);
    const reference = { kept, id: DATASET.id, name: DATASET.name, categories: SPLIT };
    expect(
      await session.handle({ type: 'aggregate', input: { run, dataset: reference, split: SPLIT } }, silent)
    ).toEqual(direct.aggregate);
    // A bundle is verified against the kept dataset as against the dataset itself.
    const { token } = (await session.handle(
      { type: 'read-bundle', file: 'b.json', source: await bundleText() },
      silent
    )) as { token: number };
    expect(
      await session.handle({ type: 'verify-bundle', token, dataset: reference, split: SPLIT }, silent)
    ).toEqual(await session.handle({ type: 'verify-bundle', token, dataset: DATASET, split: SPLIT }, silent));
    // One story comes back for an item's prompt, and rebuilds it as the whole dataset does.
    const key = keys[keys.length - 1]!;
    const alone = (await session.handle(
      { type: 'story-alone', dataset: reference, key },
      silent
    )) as StoryAlone;
    expect(Object.values(alone.dataset.categories).flatMap((files) => files.setting1 ?? [])).toHaveLength(1);
    expect(sentItemAlone(config, alone, key)).toEqual(sentItem(config, DATASET, key));
    expect(sentItem(config, DATASET, key)?.key).toBe(key);
    // A stored dataset whose files no longer validate is refused by name, and not kept.
    const damaged = await storedDataset(db, 'damaged', { categories: { x: 1 }, warnings: [] });
    await expect(session.handle({ type: 'keep-dataset', id: damaged }, silent)).rejects.toThrow(
      'stored dataset "damaged"'
    );
  });

  it('is laid out for its page, and a damaged one is named', async () => {
    const db = newDatabase();
    const session = new AnalysisSession(db);
    const id = await storedDataset(db, 'stored', { categories: DATASET.categories, warnings: [] });
    const damaged = await storedDataset(db, 'damaged', { categories: { x: 1 }, warnings: [] });
    expect(await session.handle({ type: 'damaged-datasets' }, silent)).toEqual([
      { id: damaged, name: 'damaged' }
    ]);
    const view = (await session.handle({ type: 'dataset-view', id }, silent)) as {
      name: string;
      categories: { name: string; stories: unknown[] }[];
    };
    expect(view.name).toBe('stored');
    expect(view.categories.map((c) => c.name)).toEqual(SPLIT);
    expect(view.categories.every((c) => c.stories.length > 0)).toBe(true);
    expect(await session.handle({ type: 'dataset-view', id: id + 99 }, silent)).toBeNull();
  });
});

describe('errors crossing from the worker', () => {
  it('come back as the same kind, with what the user is told intact', () => {
    const format = rebuildError(crossingError(new FormatError('b.json', 'field "run"', 'missing')));
    expect(format).toBeInstanceOf(FormatError);
    expect(format.message).toBe('b.json: field "run": missing');
    expect(rebuildError(crossingError(new UserError('import the dataset first')))).toBeInstanceOf(UserError);
    const full = rebuildError(crossingError(new DOMException('quota', 'QuotaExceededError')));
    expect(full.name).toBe('QuotaExceededError');
  });
});
