import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatModel, ChatRequest, ChatResponse } from '$lib/core/ports';
import { DEFAULT_SAMPLING, type ModelIdentity } from '$lib/core/schema/run';
import { checkRunPage, latestStoryChecks, recordNewCheckRun, type CheckRequest } from '$lib/data/check-runs';
import { database } from '$lib/storage/instance';
import { getCheckRun } from '$lib/storage/check-runs';
import { setCheckRunStatus } from '$lib/storage/check-run-status';
import { responsesOf } from '$lib/storage/runs';
import { RunController } from '$lib/state/run-controller.svelte';
import type { RunLocks } from '$lib/state/run-lock';
import { fakeChecker, INVENTED_QUOTE, type CheckerMode } from '../servers/fake-checker';

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

const identity: ModelIdentity = { provider: 'openai', model: 'checker', baseUrl: 'http://127.0.0.1:9/v1' };

/** The checker servers' answers, given in-process; `stopAfter` makes the tab close after that call. */
class CheckerModel implements ChatModel {
  readonly identity = identity;
  readonly concurrency = 1;
  calls = 0;
  onCall: ((n: number) => void) | undefined;
  readonly #answer: ReturnType<typeof fakeChecker>;

  constructor(mode: CheckerMode) {
    this.#answer = fakeChecker(mode);
  }

  complete(request: ChatRequest): Promise<ChatResponse> {
    this.calls++;
    this.onCall?.(this.calls);
    const lastUser = request.messages.at(-1)?.content ?? '';
    const text = this.#answer({ model: 'checker', system: '', messages: [], lastUser });
    return Promise.resolve({
      text,
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

const request = (samples = 1): CheckRequest => ({
  datasetId: 'shipped',
  categories: ['social'],
  samples,
  model: identity,
  sampling: DEFAULT_SAMPLING,
  concurrency: 1,
  limits: {}
});

describe('check runs through the Run page controller', () => {
  it('refuses a baseline or a bad sample count before anything is stored', async () => {
    const controller = new RunController(() => undefined, oneTab);
    expect(
      await controller.startCheck({ ...request(), model: { provider: 'baseline', model: 'random' } })
    ).toMatch(/baseline cannot check/);
    expect(await controller.startCheck(request(0))).toMatch(/samples/);
    expect(await database.checkRuns.count()).toBe(0);
    expect(controller.status).toBe('idle');
  });

  it('runs every story, check and sample, and a closed tab resumes asking only what is missing', async () => {
    const model = new CheckerModel('honest');
    const first = new RunController(() => model, oneTab);
    // The tab "closes" after its 10th call: the run stops with its record still saying running.
    model.onCall = (n) => {
      if (n === 10) first.pause();
    };
    await first.startCheck(request(2));
    const id = first.runId!;
    expect(first.kind).toBe('check');
    await setCheckRunStatus(database, id, 'running');
    const stored = (await responsesOf(database, id)).results.length;
    expect(stored).toBe(9);

    model.onCall = undefined;
    const before = model.calls;
    const reopened = new RunController(() => model, oneTab);
    expect(await reopened.resumeInterrupted()).toBe(id);
    expect(reopened.status).toBe('done');
    expect(reopened.message).toContain('Resuming a check run that was interrupted');
    // 8 stories × 3 checks × 2 samples; the call dropped by the pause is asked again, nothing stored is.
    expect(model.calls - before).toBe(48 - stored);
    expect(await getCheckRun(database, id)).toMatchObject({ status: 'done', total: 48 });
    const page = await checkRunPage(id);
    expect(page.calls).toEqual({ planned: 48, answered: 48, failed: 0 });
    expect(page.usage.promptTokens).toBe(480);
    const all = page.summary.rates.find((r) => r.check === 'consistency' && r.category === 'all');
    expect(all).toMatchObject({ decided: 40, passed: 40, passRate: 1 });
    expect(page.consistency.find((c) => c.check === 'consistency' && c.category === 'all')).toMatchObject({
      values: 40,
      unanimousShare: 1
    });
  });

  it('gives a story page the newest check run’s verdicts, found by the story text, with its quotes', async () => {
    const honest = new RunController(() => new CheckerModel('honest'), oneTab);
    await honest.startCheck(request());
    const inventing = new RunController(() => new CheckerModel('invents-a-quote'), oneTab);
    await inventing.startCheck(request());
    const { stories } = await checkRunPage(inventing.runId!);
    const story = stories[2]!;
    const found = await latestStoryChecks('shipped', 'social', story.text);
    expect(found?.run.id).toBe(inventing.runId);
    expect(found?.story.story).toBe(2);
    const consistency = found!.checks.find((c) => c.check === 'consistency')!;
    const invented = consistency.perValue[0]!.samples[0]!.quotes[0]!;
    expect(invented.speech).toContain(INVENTED_QUOTE);
    expect(invented.location).toBeUndefined();
    const implicitness = found!.checks.find((c) => c.check === 'implicitness')!;
    const real = implicitness.perValue[1]!.samples[0]!.quotes[0]!.location!;
    expect(story.text.slice(real.start, real.end).length).toBeGreaterThan(12);
    expect(await latestStoryChecks('shipped', 'social', 'a text no story has')).toBeUndefined();
    expect(await latestStoryChecks('shipped', 'ethical', story.text)).toBeUndefined();
  });

  it('records a check run but refuses to go on once its stories changed', async () => {
    const id = await recordNewCheckRun(request());
    await database.checkRuns.update(id, {
      config: {
        ...(await getCheckRun(database, id))!.config,
        dataset: { id: 'shipped', name: 'shipped', sha256: 'f'.repeat(64) }
      }
    });
    const controller = new RunController(() => new CheckerModel('honest'), oneTab);
    await controller.resumeCheck(id);
    expect(controller.status).toBe('stopped');
    expect(controller.message).toMatch(/changed since this check run started/);
    expect((await getCheckRun(database, id))?.status).toBe('stopped');
  });
});
