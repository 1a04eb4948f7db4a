import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SAMPLING, type ModelIdentity } from '$lib/core/schema/run';
import type { ChatRequest, ChatResponse } from '$lib/core/ports';
import { FakeClock, FakeModel } from '$lib/core/runner/testing';
import { judgeRequestOf } from '$lib/data/judging';
import type { RunRequest } from '$lib/data/new-run';
import { database } from '$lib/storage/instance';
import { getJudging, judgingsOf } from '$lib/storage/judgings';
import { getRun, IndexedDbResultStore, responsesOf, setRunStatus } from '$lib/storage/runs';
import { runConfigFor } from '$lib/data/new-run';
import { recordNewRun } from '$lib/data/run-records';
import { RunController } from '$lib/state/run-controller.svelte';
import type { RunLocks } from '$lib/state/run-lock';

// The controller runs in a browser tab; Node 20 has no `navigator`, so the tab's is stood in.
beforeAll(() => {
  vi.stubGlobal('navigator', { userAgent: 'unit test', storage: { persist: () => Promise.resolve(true) } });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

const identity: ModelIdentity = { provider: 'openai', model: 'under-test', baseUrl: 'http://127.0.0.1:9/v1' };
const judgeIdentity: ModelIdentity = { provider: 'openai', model: 'judge', baseUrl: 'http://127.0.0.1:9/v1' };

/** The shipped social category, task 1, zero-shot: 50 questions. */
const request: RunRequest = {
  task: 'attitude',
  datasetId: 'shipped',
  categories: ['social'],
  reasoning: false,
  shots: 0,
  systemPrompt: '',
  model: identity,
  sampling: DEFAULT_SAMPLING
};

/** A fake model that can do something (pause the run, say) when its Nth call starts. */
class ObservedModel extends FakeModel {
  onCall: ((n: number) => void) | undefined;
  override complete(r: ChatRequest): Promise<ChatResponse> {
    this.onCall?.(this.calls.length + 1);
    return super.complete(r);
  }
}

/** One tab: Web Locks always granted. */
const oneTab: RunLocks = {
  hold: async (_id, work) => {
    await work();
    return true;
  },
  whenFree: () => new Promise<void>(() => undefined)
};

function controllerWith(model: FakeModel, judge?: FakeModel): RunController {
  return new RunController(
    (id) => (id.model === 'judge' ? judge : id.model === 'under-test' ? model : undefined),
    oneTab
  );
}

async function storedCount(id: string): Promise<number> {
  return (await responsesOf(database, id)).results.length;
}

describe('RunController', () => {
  it('runs every item of a new run through the engine and records the run as done', async () => {
    const model = new FakeModel(new FakeClock(), 4);
    const controller = controllerWith(model);
    expect(await controller.start(request)).toBeUndefined();
    const id = controller.runId!;
    expect(controller.status).toBe('done');
    const run = await getRun(database, id);
    expect(run?.status).toBe('done');
    expect(run?.total).toBeGreaterThan(0);
    expect(await storedCount(id)).toBe(run?.total);
    expect(model.calls).toHaveLength(run!.total);
    expect(controller.progress?.answered).toBe(run?.total);
    expect(controller.model).toEqual(identity);
  });

  it('refuses a bad request without storing a run, and gives the form the reason', async () => {
    const controller = controllerWith(new FakeModel(new FakeClock()));
    const refused = await controller.start({ ...request, task: 'extraction' });
    expect(refused).toMatch(/needs a judge model/);
    expect(await database.runs.count()).toBe(0);
    expect(controller.status).toBe('idle');
  });

  it('pauses mid-run, and resuming asks only what was not stored', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const controller = controllerWith(model);
    model.onCall = (n) => {
      if (n === 6) controller.pause();
    };
    await controller.start(request);
    const id = controller.runId!;
    expect(controller.status).toBe('paused');
    expect((await getRun(database, id))?.status).toBe('paused');
    const before = await storedCount(id);
    expect(before).toBe(5);

    model.onCall = undefined;
    const callsBefore = model.calls.length;
    await controller.resume(id);
    const total = (await getRun(database, id))!.total;
    expect(controller.status).toBe('done');
    expect(await storedCount(id)).toBe(total);
    // The sixth item was dropped in flight by the pause and asked again; nothing stored was.
    expect(model.calls.length - callsBefore).toBe(total - before);
    const asked = model.calls.map((c) => c.key);
    expect(new Set(asked).size).toBe(total);
  });

  it('resumes a run a closed tab left running, asking only its missing items', async () => {
    const config = await runConfigFor(request, '2026-12-05T10:00:00.000Z');
    await recordNewRun('left', config);
    await setRunStatus(database, 'left', 'running');
    const store = new IndexedDbResultStore(database);
    for (const story of [0, 1])
      await store.save('left', {
        itemKey: `social/${story}/0`,
        output: 'A',
        latencyMs: 5,
        attempts: 1,
        finishedAt: '2026-12-05T10:00:01.000Z'
      });

    const model = new FakeModel(new FakeClock(), 2);
    const controller = controllerWith(model);
    expect(await controller.resumeInterrupted()).toBe('left');
    expect(controller.message).toMatch(/interrupted/);
    const total = (await getRun(database, 'left'))!.total;
    expect(controller.status).toBe('done');
    expect(model.calls).toHaveLength(total - 2);
    expect(await storedCount('left')).toBe(total);
  });

  it('stops on a permanent refusal with its reason, and keeps what was answered', async () => {
    const { ModelError } = await import('$lib/core/ports');
    const model = new FakeModel(new FakeClock(), 1);
    const controller = controllerWith(model);
    const answer = model.complete.bind(model);
    let calls = 0;
    // The key is refused from the fourth call on, as a revoked key would be.
    model.complete = (r) =>
      ++calls >= 4 ? Promise.reject(new ModelError('permanent', 'invalid API key (401)')) : answer(r);
    await controller.start(request);
    const id = controller.runId!;
    expect(controller.status).toBe('stopped');
    expect(controller.message).toContain('invalid API key');
    const run = await getRun(database, id);
    expect(run?.status).toBe('stopped');
    expect(run?.statusMessage).toContain('invalid API key');
    expect(await storedCount(id)).toBe(3);
  });

  it('runs a value-extraction run, then its judging on the same engine, counting unreadable verdicts apart', async () => {
    const clock = new FakeClock();
    const model = new ObservedModel(clock, 2);
    const original = model.complete.bind(model);
    model.complete = async (r) => ({
      ...(await original(r)),
      text: '[Final answer]: family comes first -- agree'
    });
    const judge = new FakeModel(clock, 2);
    const controller = controllerWith(model, judge);
    const refused = await controller.start({
      ...request,
      task: 'extraction',
      judge: judgeRequestOf(judgeIdentity, 1, 0)
    });
    expect(refused).toBeUndefined();
    const id = controller.runId!;
    const stories = (await getRun(database, id))!.total;
    expect(controller.status).toBe('done');
    expect(controller.phase).toBe('judge');
    const [judging] = (await judgingsOf(database, id)).judgings;
    expect((await getJudging(database, judging!.id))?.status).toBe('done');
    // Each unreadable verdict is asked twice more, then stored and counted as unreadable.
    expect(judge.calls).toHaveLength(3 * stories);
    expect(controller.judgeOutcome).toEqual({
      score: null,
      judged: 0,
      // Counted per gold value: five a story.
      unparseable: 5 * stories,
      judgeFailed: 0,
      refused: 2 * stories
    });
  });

  it('cancelling a value-extraction run cancels the judging that waited for it', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const controller = controllerWith(model, new FakeModel(new FakeClock()));
    model.onCall = (n) => {
      if (n === 2) controller.cancel();
    };
    await controller.start({ ...request, task: 'extraction', judge: judgeRequestOf(judgeIdentity, 1, 0) });
    const id = controller.runId!;
    expect(controller.status).toBe('cancelled');
    const [judging] = (await judgingsOf(database, id)).judgings;
    expect(judging?.status).toBe('cancelled');
  });
});
