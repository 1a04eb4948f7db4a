import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatModel, ChatRequest, ChatResponse } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';
import { CONSTRUCTION_SAMPLING } from '$lib/core/construction/construction-file';
import {
  constructionDownload,
  constructionPage,
  priceConstruction,
  saveConstructionAsDataset,
  type BuildRequest
} from '$lib/data/constructions';
import { importPool } from '$lib/core/construction/imported-pool';
import { loadDataset } from '$lib/data/datasets';
import { database } from '$lib/storage/instance';
import { getConstruction } from '$lib/storage/constructions';
import { setConstructionStatus } from '$lib/storage/construction-status';
import { responsesOf } from '$lib/storage/runs';
import { RunController } from '$lib/state/run-controller.svelte';
import type { RunLocks } from '$lib/state/run-lock';
import type { CheckerMode } from '../servers/fake-checker';
import { fakeWriterAndChecker } from '../servers/fake-writer';
import { readConstructionText } from '$lib/core/construction/construction-file';

// The controller runs in a browser tab; Node has no `navigator`, so the tab's is stood in.
beforeAll(() => {
  vi.stubGlobal('navigator', { userAgent: 'unit test', storage: { persist: () => Promise.resolve(true) } });
});
afterAll(() => {
  vi.unstubAllGlobals();
});
beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

const writer: ModelIdentity = { provider: 'openai', model: 'writer', baseUrl: 'http://127.0.0.1:9/v1' };
const checker: ModelIdentity = { provider: 'openai', model: 'checker', baseUrl: 'http://127.0.0.1:9/v1' };

/** The writer and checker servers' answers, given in-process, with every prompt kept. */
class ScriptedModel implements ChatModel {
  readonly identity = writer;
  readonly concurrency = 2;
  readonly prompts: string[] = [];
  onCall: ((n: number) => void) | undefined;
  readonly #answer: ReturnType<typeof fakeWriterAndChecker>;

  constructor(mode: CheckerMode) {
    this.#answer = fakeWriterAndChecker(mode);
  }

  complete(request: ChatRequest): Promise<ChatResponse> {
    const lastUser = request.messages.at(-1)?.content ?? '';
    this.prompts.push(lastUser);
    this.onCall?.(this.prompts.length);
    return Promise.resolve({
      text: this.#answer({ model: 'm', system: '', messages: [], lastUser }),
      usage: { promptTokens: 10, completionTokens: 5 },
      finishReason: 'stop',
      timing: { totalMs: 1 }
    });
  }
}

const oneTab: RunLocks = {
  hold: async (_id, work) => {
    await work();
    return true;
  },
  whenFree: () => new Promise<void>(() => undefined)
};

const request = (count = 2): BuildRequest => ({
  category: 'social',
  count,
  seed: 'unit-build',
  rounds: 2,
  minWords: 40,
  writer,
  checker,
  sampling: CONSTRUCTION_SAMPLING,
  concurrency: 2,
  limits: {}
});

describe('constructions through the Run page controller', () => {
  it('refuses a baseline or a bad count before anything is stored', async () => {
    const controller = new RunController(() => undefined, oneTab);
    expect(
      await controller.startBuild({ ...request(), checker: { provider: 'baseline', model: 'random' } })
    ).toMatch(/baseline cannot write or check/);
    expect(await controller.startBuild(request(0))).toMatch(/number of stories/);
    expect(await database.constructions.count()).toBe(0);
    expect(controller.status).toBe('idle');
  });

  it('keeps the cast size of the multiple-character variant in the config, as the CLI does', async () => {
    const controller = new RunController(() => undefined, oneTab);
    expect(await controller.startBuild({ ...request(), characters: 3 })).toMatch(/multiple category only/);
    expect(await controller.startBuild({ ...request(), category: 'multiple', characters: 1 })).toMatch(
      /characters must be a whole number from 2/
    );
    expect(await database.constructions.count()).toBe(0);

    const model = new ScriptedModel('honest');
    const built = new RunController(() => model, oneTab);
    model.onCall = (n) => {
      if (n === 1) built.pause();
    };
    await built.startBuild({ ...request(1), category: 'multiple', characters: 3 });
    const config = (await getConstruction(database, built.runId!))!.config;
    expect(config).toMatchObject({ category: 'multiple', characters: 3 });
  });

  it('builds every story, and a closed tab resumes asking only what is missing', async () => {
    const model = new ScriptedModel('honest');
    const first = new RunController(() => model, oneTab);
    // The tab "closes" at its 4th call: the construction stops with its record still saying running.
    model.onCall = (n) => {
      if (n === 4) first.pause();
    };
    await first.startBuild(request());
    const id = first.runId!;
    expect(first.kind).toBe('build');
    await setConstructionStatus(database, id, 'running');
    const stored = (await responsesOf(database, id)).results.length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(8);

    model.onCall = undefined;
    const before = model.prompts.length;
    const reopened = new RunController(() => model, oneTab);
    expect(await reopened.resumeInterrupted()).toBe(id);
    expect(reopened.status).toBe('done');
    expect(reopened.message).toContain('Resuming a construction that was interrupted');
    // Two honest stories: a story and three checks each. Nothing stored is asked again.
    expect(model.prompts.length - before).toBe(8 - stored);
    expect(reopened.buildProgress).toMatchObject({
      stories: 2,
      storiesDone: 2,
      storiesPassed: 2,
      calls: 8,
      resumedCalls: stored,
      promptTokens: 80
    });
    expect(await getConstruction(database, id)).toMatchObject({ status: 'done', total: 2 });

    const page = await constructionPage(id);
    expect(page.stories.map((s) => s.outcome)).toEqual([{ status: 'passed' }, { status: 'passed' }]);
    expect(page.lineages.map((l) => l.length)).toEqual([4, 4]);
    // The download is the CLI's construction file: it reads back with every reply.
    const file = await constructionDownload(id);
    expect(readConstructionText(file.name, file.text).results).toHaveLength(8);
    expect(file.text).not.toContain('unit test-key');
  });

  it('saves a finished construction as a dataset, failed stories named with their checks', async () => {
    const controller = new RunController(() => new ScriptedModel('invents-a-quote'), oneTab);
    await controller.startBuild({ ...request(), rounds: 1 });
    const id = controller.runId!;
    expect(controller.status).toBe('done');
    const datasetId = await saveConstructionAsDataset(id, 'Built in a unit test');
    expect(await getConstruction(database, id)).toMatchObject({ datasetId });
    const view = await loadDataset(String(datasetId));
    expect(view?.categories.map((c) => [c.name, c.stories.length])).toEqual([['social', 2]]);
    expect(view?.provenance).toContain('generated by the model writer and checked by the model checker');
    expect(view?.notes).toEqual([
      'social-00 failed: consistency: value 1 fails; implicitness: value 2 fails',
      'social-01 failed: consistency: value 1 fails; implicitness: value 2 fails'
    ]);
    expect(view?.built?.card).toContain('| draw seed | unit-build |');
    await expect(saveConstructionAsDataset(id, 'Built in a unit test')).rejects.toThrow(/already exists/);
  });

  it('refuses to go on with prompts of another version, and to save an unfinished construction', async () => {
    const model = new ScriptedModel('honest');
    const first = new RunController(() => model, oneTab);
    model.onCall = (n) => {
      if (n === 2) first.pause();
    };
    await first.startBuild(request());
    const id = first.runId!;
    expect(first.status).toBe('paused');
    await expect(saveConstructionAsDataset(id, 'too soon')).rejects.toThrow(/unfinished: resume/);
    await database.constructions.update(id, {
      config: { ...(await getConstruction(database, id))!.config, templateHash: 'f'.repeat(64) }
    });
    const controller = new RunController(() => model, oneTab);
    await controller.resumeBuild(id);
    expect(controller.status).toBe('stopped');
    expect(controller.message).toMatch(/another version of the default writing and check prompts/);
    expect((await getConstruction(database, id))?.status).toBe('stopped');
  });

  it('keeps the prices with the record, never in the file; counts the cost per model; refuses a pool too small before storing anything', async () => {
    const small = await importPool(
      'small.jsonl',
      ['a', 'b', 'c']
        .map((x) => JSON.stringify({ topic: 'T', q_content: `Statement ${x}.`, option: '1. yes 2. no' }))
        .join('\n')
    );
    const controller = new RunController(() => new ScriptedModel('honest'), oneTab);
    expect(await controller.startBuild({ ...request(), pool: small })).toMatch(
      /small\.jsonl .*has 3 statements; a story needs 5/
    );
    expect(await database.constructions.count()).toBe(0);

    const prices = {
      writer: { inputPerMillion: 123_456, outputPerMillion: 2_000_000 },
      checker: { inputPerMillion: 3_000_000, outputPerMillion: 4_000_000 }
    };
    await controller.startBuild({ ...request(), prices });
    const id = controller.runId!;
    expect(controller.status).toBe('done');
    // Two honest stories: 2 writer calls and 6 checks, 10 tokens in and 5 out each.
    expect(controller.buildProgress?.byRole).toEqual({
      writer: { calls: 2, promptTokens: 20, completionTokens: 10 },
      checker: { calls: 6, promptTokens: 60, completionTokens: 30 }
    });
    expect(controller.buildPrices).toEqual(prices);
    expect((await getConstruction(database, id))?.prices).toEqual(prices);
    const file = await constructionDownload(id);
    expect(file.text).not.toContain('123456');
    expect(file.text).not.toContain('"prices"');
    await priceConstruction(id, {});
    expect((await getConstruction(database, id))?.prices).toBeUndefined();
    await expect(
      priceConstruction(id, { writer: { inputPerMillion: -1, outputPerMillion: 1 } })
    ).rejects.toThrow(/0 or more/);
  });
});
