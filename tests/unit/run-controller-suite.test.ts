import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SAMPLING, type ModelIdentity } from '$lib/core/schema/run';
import type { ChatRequest, ChatResponse } from '$lib/core/ports';
import { FakeClock, FakeModel } from '$lib/core/runner/testing';
import { judgeRequestOf } from '$lib/data/judging';
import { deleteStoredRun } from '$lib/data/runs';
import { judgingsOf } from '$lib/storage/judgings';
import { database } from '$lib/storage/instance';
import { getRun, listRuns, responsesOf, setRunStatus } from '$lib/storage/runs';
import { getSuite, setSuiteStatus } from '$lib/storage/suites';
import { RunController, type RunRequest, type SuiteRequest } from '$lib/state/run-controller.svelte';
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

/** Two tasks × two settings on the shipped social category: four runs. */
const suiteRequest: SuiteRequest = {
  datasetId: 'shipped',
  categories: ['social'],
  tasks: ['attitude', 'selection'],
  settings: [
    { reasoning: false, shots: 0 },
    { reasoning: true, shots: 1 }
  ],
  model: identity,
  sampling: DEFAULT_SAMPLING,
  systemPrompt: ''
};

/** A fake model that can do something (pause the suite, say) when its Nth call starts. */
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

const controllerWith = (model: FakeModel, locks: RunLocks = oneTab): RunController =>
  new RunController((id) => (id.model === 'under-test' ? model : undefined), locks);

/** Every run's stored responses, by run, and the prompts (one per item) each model was asked. */
async function storedTotal(): Promise<number> {
  const { runs } = await listRuns(database);
  const counts = await Promise.all(runs.map(async (r) => (await responsesOf(database, r.id)).results.length));
  return counts.reduce((a, b) => a + b, 0);
}

/** Prompts asked and answered: an item asked twice would show here (its prompt is its key). */
function answeredKeys(...models: FakeModel[]): string[] {
  return models.flatMap((m) => {
    const aborted = [...m.aborted];
    return m.calls
      .map((c) => c.key)
      .filter((key) => {
        const i = aborted.indexOf(key);
        if (i < 0) return true;
        aborted.splice(i, 1);
        return false;
      });
  });
}

describe('RunController suites', () => {
  it('runs the four runs of a suite one after another, each item asked once, and ends done', async () => {
    const model = new FakeModel(new FakeClock(), 4);
    const controller = controllerWith(model);
    expect(await controller.startSuite(suiteRequest)).toBeUndefined();
    const suite = controller.suite!;
    expect(suite.status).toBe('done');
    expect(controller.status).toBe('done');
    expect(controller.message).toMatch(/Suite finished: 4 runs/);
    const stored = (await getSuite(database, suite.id))!;
    expect(stored.status).toBe('done');
    expect(stored.runIds).toHaveLength(4);
    const runs = await Promise.all(stored.runIds.map((id) => getRun(database, id)));
    expect(
      runs.map((r) => [r?.config.task, r?.config.prompt.reasoning, r?.config.prompt.shots, r?.status])
    ).toEqual([
      ['attitude', false, 0, 'done'],
      ['attitude', true, 1, 'done'],
      ['selection', false, 0, 'done'],
      ['selection', true, 1, 'done']
    ]);
    // The plan's items, all asked, each once; the one progress view counts them all.
    expect(await storedTotal()).toBe(suite.total);
    expect(model.calls).toHaveLength(suite.total);
    expect(new Set(model.calls.map((c) => c.key)).size).toBe(suite.total);
    expect(suite.done(controller.progress, controller.runId)).toBe(suite.total);
  });

  it('judges a value-extraction run of a suite before the next run starts', async () => {
    const clock = new FakeClock();
    const model = new FakeModel(clock, 2);
    const answer = model.complete.bind(model);
    model.complete = async (r) => ({
      ...(await answer(r)),
      text: '[Final answer]: family comes first -- agree'
    });
    const judge = new FakeModel(clock, 2);
    const judged: string[] = [];
    const judgeAnswer = judge.complete.bind(judge);
    judge.complete = async (r) => {
      judged.push(controller.suite?.place ?? '');
      return { ...(await judgeAnswer(r)), text: '[Final answer]: 1, 0, 1, 0, 1' };
    };
    const controller = new RunController(
      (id) => (id.model === 'judge' ? judge : id.model === 'under-test' ? model : undefined),
      oneTab
    );
    const refused = await controller.startSuite({
      ...suiteRequest,
      tasks: ['extraction', 'attitude'],
      settings: [{ reasoning: false, shots: 0 }],
      judge: judgeRequestOf({ provider: 'openai', model: 'judge', baseUrl: 'http://127.0.0.1:9/v1' }, 1, 0)
    });
    expect(refused).toBeUndefined();
    expect(controller.suite?.status).toBe('done');
    const { runIds } = (await getSuite(database, controller.suite!.id))!;
    expect(runIds).toHaveLength(2);
    const [judging] = (await judgingsOf(database, runIds[0]!)).judgings;
    expect(judging?.status).toBe('done');
    // Every judge call was made while the suite was at its first run.
    expect(judged.length).toBeGreaterThan(0);
    expect(new Set(judged)).toEqual(new Set([expect.stringMatching(/^run 1 of 2: extraction/)]));
    expect((await getRun(database, runIds[1]!))?.status).toBe('done');
  });

  it('refuses a suite that cannot run before storing anything', async () => {
    const controller = controllerWith(new FakeModel(new FakeClock()));
    expect(await controller.startSuite({ ...suiteRequest, tasks: ['extraction'] })).toMatch(/needs a judge/);
    expect(await controller.startSuite({ ...suiteRequest, categories: ['no-such-category'] })).toBeDefined();
    expect(await database.suites.count()).toBe(0);
    expect(await database.runs.count()).toBe(0);
    expect(controller.status).toBe('idle');
  });

  it('a tab closed mid-suite: the next tab resumes the run it was in, asks only the missing items, then starts the rest', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const first = controllerWith(model);
    let secondRunCalls = 0;
    model.onCall = () => {
      if (first.suite?.index === 1 && ++secondRunCalls === 5) first.pause();
    };
    await first.startSuite(suiteRequest);
    const suite = first.suite!;
    expect(suite.status).toBe('paused');
    expect(suite.index).toBe(1);
    const { runIds } = (await getSuite(database, suite.id))!;
    expect(runIds).toHaveLength(2);
    // What a closed tab leaves: the suite and its run still marked running.
    await setSuiteStatus(database, suite.id, 'running');
    await setRunStatus(database, runIds[1]!, 'running');
    const storedBefore = await storedTotal();

    const resumedModel = new FakeModel(new FakeClock(), 2);
    const second = controllerWith(resumedModel);
    await second.resumeInterrupted();
    expect(second.message).toMatch(/Suite finished/);
    expect(second.suite?.status).toBe('done');
    const stored = (await getSuite(database, suite.id))!;
    expect(stored.status).toBe('done');
    // The run it was in went on (no fifth run), and nothing stored was asked again.
    expect(stored.runIds.slice(0, 2)).toEqual(runIds);
    expect(stored.runIds).toHaveLength(4);
    expect(await database.runs.count()).toBe(4);
    expect(resumedModel.calls).toHaveLength(suite.total - storedBefore);
    const keys = answeredKeys(model, resumedModel);
    expect(keys).toHaveLength(suite.total);
    expect(new Set(keys).size).toBe(suite.total);
  });

  it('a paused suite is shown when the page opens again, and Resume finishes it', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const first = controllerWith(model);
    model.onCall = (n) => {
      if (n === 3) first.pause();
    };
    await first.startSuite(suiteRequest);
    expect((await getSuite(database, first.suite!.id))?.status).toBe('paused');

    const second = controllerWith(new FakeModel(new FakeClock(), 2));
    await second.resumeInterrupted();
    // Paused by the user: shown, not resumed.
    expect(second.suite?.status).toBe('paused');
    expect(second.suite?.place).toMatch(/^run 1 of 4: attitude, plain, 0-shot$/);
    expect(await storedTotal()).toBe(2);
    await second.resumeCurrent();
    expect(second.suite?.status).toBe('done');
    expect(await database.runs.count()).toBe(4);
  });

  it('cancelling a suite cancels its run and starts no other; it is not resumed later', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const controller = controllerWith(model);
    model.onCall = () => {
      if (controller.suite?.index === 1) controller.cancel();
    };
    await controller.startSuite(suiteRequest);
    expect(controller.suite?.status).toBe('cancelled');
    expect(controller.message).toMatch(/Suite cancelled at run 2 of 4/);
    const { runIds, status } = (await getSuite(database, controller.suite!.id))!;
    expect(status).toBe('cancelled');
    expect(runIds).toHaveLength(2);
    expect((await getRun(database, runIds[1]!))?.status).toBe('cancelled');

    const later = controllerWith(new FakeModel(new FakeClock()));
    await later.resumeInterrupted();
    expect(later.suite).toBeUndefined();
    expect(await database.runs.count()).toBe(2);
  });

  it('leaves a suite driven by another tab to it', async () => {
    const held = new Set<string>(['suite-lock-taken']);
    const otherTab: RunLocks = {
      hold: async (id, work) => {
        if (id.startsWith('suite:')) return false;
        held.add(id);
        await work();
        return true;
      },
      whenFree: () => new Promise<void>(() => undefined)
    };
    const model = new FakeModel(new FakeClock());
    const controller = controllerWith(model, otherTab);
    await controller.startSuite(suiteRequest);
    expect(controller.status).toBe('elsewhere');
    expect(controller.suite?.status).toBe('elsewhere');
    expect(controller.message).toMatch(/suite is running in another tab/);
    expect(model.calls).toHaveLength(0);
    expect(await database.runs.count()).toBe(0);
  });
});

describe('RunController and deleted runs', () => {
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

  it('forgets a paused run once it is deleted: nothing offers to resume or open it', async () => {
    const model = new ObservedModel(new FakeClock(), 1);
    const controller = controllerWith(model);
    model.onCall = (n) => {
      if (n === 3) controller.pause();
    };
    await controller.start(request);
    const id = controller.runId!;
    expect(controller.status).toBe('paused');
    await deleteStoredRun(id);
    controller.forget(id);
    expect(controller.runId).toBeUndefined();
    expect(controller.status).toBe('idle');
    expect(controller.progress).toBeUndefined();
    // Another run's id changes nothing.
    await controller.start(request);
    controller.forget('another');
    expect(controller.runId).toBeDefined();
  });
});
