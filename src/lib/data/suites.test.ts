import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromSearchParams } from '$lib/core/analysis';
import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { taskRunKind } from '$lib/core/run-kinds/task-run';
import { DEFAULT_SAMPLING, type ModelIdentity } from '$lib/core/schema/run';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { judgingsOf, setJudgingStatus } from '$lib/storage/judgings';
import { setRunStatus } from '$lib/storage/runs';
import { judgeRequestOf } from './judging';
import { loadRunDataset } from './load-run-dataset';
import { runConfigFor } from './new-run';
import { CHARS_PER_TOKEN, estimateSuite } from './suite-estimate';
import { costOf } from '$lib/core/token-cost';
import {
  entryRequest,
  nextSuiteEntry,
  planSuiteEntries,
  recordNewSuite,
  startSuiteEntry,
  suiteLeaderboardQuery,
  suiteRecord,
  suiteSpecFor,
  type SuiteRequest
} from './suites';

beforeAll(() => {
  vi.stubGlobal('navigator', { userAgent: 'unit test', storage: { persist: () => Promise.resolve(true) } });
});
afterAll(() => {
  vi.unstubAllGlobals();
});
beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

const model: ModelIdentity = { provider: 'openai', model: 'org/model:1b', baseUrl: 'http://127.0.0.1:9/v1' };
const judge = judgeRequestOf({ provider: 'openai', model: 'judge', baseUrl: 'http://127.0.0.1:9/v1' }, 2, 0);
const PLAIN_0 = { reasoning: false, shots: 0 } as const;
const REASONING_1 = { reasoning: true, shots: 1 } as const;

const request: SuiteRequest = {
  datasetId: 'shipped',
  categories: ['social'],
  tasks: ['attitude', 'selection'],
  settings: [PLAIN_0, REASONING_1],
  model,
  sampling: { ...DEFAULT_SAMPLING, maxTokens: 100 },
  systemPrompt: ''
};

const refusal = (r: SuiteRequest): string => {
  try {
    suiteSpecFor(r);
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  return '';
};

describe('planning a suite', () => {
  it('makes one run per task and setting, value extraction once and zero-shot only, with a note', () => {
    const { entries, notes } = planSuiteEntries(
      ['attitude', 'extraction', 'selection'],
      [PLAIN_0, REASONING_1]
    );
    expect(entries).toEqual([
      { task: 'attitude', reasoning: false, shots: 0 },
      { task: 'attitude', reasoning: true, shots: 1 },
      { task: 'extraction', reasoning: true, shots: 0 },
      { task: 'selection', reasoning: false, shots: 0 },
      { task: 'selection', reasoning: true, shots: 1 }
    ]);
    expect(notes).toEqual([expect.stringMatching(/zero-shot only.*runs once/)]);
    const onlyOneShot = planSuiteEntries(['extraction', 'attitude'], [REASONING_1]);
    expect(onlyOneShot.entries).toEqual([{ task: 'attitude', reasoning: true, shots: 1 }]);
    expect(onlyOneShot.notes).toEqual([expect.stringMatching(/left out/)]);
  });

  it('refuses what cannot run, saying what to change', () => {
    expect(refusal({ ...request, tasks: [] })).toMatch(/at least one task/);
    expect(refusal({ ...request, settings: [] })).toMatch(/at least one prompt setting/);
    expect(refusal({ ...request, tasks: ['extraction'] })).toMatch(/needs a judge/);
    expect(refusal({ ...request, tasks: ['extraction'], settings: [REASONING_1], judge })).toMatch(
      /zero-shot only/
    );
    expect(
      refusal({
        ...request,
        tasks: ['extraction'],
        judge,
        model: { provider: 'baseline', model: 'majority-attitude', baseline: { kind: 'majority-attitude' } }
      })
    ).toMatch(/baseline cannot list values/);
  });

  it('keeps the judge only when value extraction runs, and gives each entry the run request', () => {
    const { spec } = suiteSpecFor({ ...request, judge });
    expect(spec.judge).toBeUndefined();
    expect(spec.entries).toHaveLength(4);
    expect(entryRequest(spec, spec.entries[1]!)).toMatchObject({
      task: 'attitude',
      reasoning: true,
      shots: 1,
      categories: ['social'],
      model
    });
    const withExtraction = suiteSpecFor({ ...request, tasks: ['extraction'], judge }).spec;
    expect(entryRequest(withExtraction, withExtraction.entries[0]!).judge).toEqual(judge);
  });
});

describe('the estimate', () => {
  it('counts one call per item and bounds tokens by prompt characters / 4 and the reply cap', async () => {
    const { spec } = suiteSpecFor({ ...request, tasks: ['attitude'], settings: [REASONING_1] });
    const estimate = await estimateSuite(spec);
    // The run's own plan, built here as the run will build it.
    const config = await runConfigFor(entryRequest(spec, spec.entries[0]!), '2026-12-05T10:00:00.000Z');
    const { dataset, bench } = await loadRunDataset('shipped', ['social']);
    const items = taskRunKind.plan({
      config,
      dataset,
      templates: DEFAULT_TEMPLATES,
      example: (story) => exampleFor(bench, story)
    });
    const chars = items.map((i) => i.messages.reduce((n, m) => n + m.content.length, 0));
    expect(estimate.items).toBe(items.length);
    expect(estimate.model).toEqual({
      calls: items.length,
      inputTokens: chars.reduce((n, c) => n + Math.ceil(c / CHARS_PER_TOKEN), 0),
      outputTokens: items.length * 100
    });
    expect(estimate.judge).toBeUndefined();
  });

  it('counts value extraction’s two calls per story and the judge’s samples per story', async () => {
    const { spec } = suiteSpecFor({ ...request, tasks: ['extraction'], settings: [PLAIN_0], judge });
    const estimate = await estimateSuite(spec);
    const stories = (await loadRunDataset('shipped', ['social'])).dataset.categories.social!.original!.length;
    expect(estimate.items).toBe(stories);
    expect(estimate.model.calls).toBe(2 * stories);
    expect(estimate.model.outputTokens).toBe(2 * stories * 100);
    // The second call carries the first reply, counted at the cap.
    expect(estimate.model.inputTokens).toBeGreaterThan(stories * 100);
    expect(estimate.judge?.calls).toBe(2 * stories);
    expect(estimate.judge?.outputTokens).toBe(2 * stories * judge.sampling.maxTokens);
  });

  it('counts no call for a baseline, and prices tokens per million', async () => {
    const { spec } = suiteSpecFor({
      ...request,
      model: { provider: 'baseline', model: 'majority-attitude', baseline: { kind: 'majority-attitude' } }
    });
    const estimate = await estimateSuite(spec);
    expect(estimate.items).toBeGreaterThan(0);
    expect(estimate.model).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0 });
    expect(
      costOf({ inputTokens: 2_000_000, outputTokens: 500_000 }, { inputPerMillion: 1, outputPerMillion: 4 })
    ).toBe(4);
  });
});

describe('a suite’s entries in storage', () => {
  it('start in order, each once, and the suite goes on to the next when a run and its judging are done', async () => {
    const { spec } = suiteSpecFor({
      ...request,
      tasks: ['attitude', 'extraction'],
      settings: [PLAIN_0],
      judge
    });
    const id = await recordNewSuite(spec);
    let suite = (await suiteRecord(id))!;
    expect(await nextSuiteEntry(suite)).toEqual({ index: 0, runId: undefined });
    const first = await startSuiteEntry(suite, 0);
    suite = (await suiteRecord(id))!;
    // Started again (another tab, a retry): the same run.
    expect(await startSuiteEntry(suite, 0)).toBe(first);
    expect(await nextSuiteEntry(suite)).toEqual({ index: 0, runId: first });
    await setRunStatus(database, first, 'done');
    expect(await nextSuiteEntry(suite)).toEqual({ index: 1, runId: undefined });

    const second = await startSuiteEntry(suite, 1);
    suite = (await suiteRecord(id))!;
    const [judging] = (await judgingsOf(database, second)).judgings;
    expect(judging?.config.judge).toEqual(judge.model);
    await setRunStatus(database, second, 'done');
    // The extraction run's answers are in, its judging is not.
    expect(await nextSuiteEntry(suite)).toEqual({ index: 1, runId: second });
    await setJudgingStatus(database, judging!.id, 'done');
    expect(await nextSuiteEntry(suite)).toBeUndefined();
    expect(await database.runs.count()).toBe(2);
  });

  it('links to the leaderboard filtered to the suite’s model, provider and dataset', () => {
    const { spec } = suiteSpecFor(request);
    const filter = fromSearchParams(new URLSearchParams(suiteLeaderboardQuery(spec)));
    expect(filter).toMatchObject({
      models: ['org/model:1b'],
      providers: ['openai'],
      dataset: 'shipped',
      references: false,
      reported: false
    });
  });
});
