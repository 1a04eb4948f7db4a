import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest, ChatResponse } from '../ports';
import { FakeClock, MemoryStore } from '../runner/testing';
import type { RunOptions } from '../runner/runner';
import { DEFAULT_BUILD_OPTIONS, type BuildPlan } from './build-story';
import { runConstruction, type ConstructionModels } from './construct';
import { checkReply, plan, story } from './testing';
import type { CheckKind } from '../checks/check-templates';

/** A model answering from a function of the prompt, each call taking `latencyMs` on the fake clock. */
class ScriptedModel implements ChatModel {
  readonly identity = { provider: 'fake', model: 'scripted' };
  readonly prompts: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly clock: FakeClock,
    private readonly answer: (prompt: string, call: number) => string,
    readonly concurrency = 4,
    private readonly latencyMs = 500
  ) {}
  async complete(request: ChatRequest): Promise<ChatResponse> {
    const prompt = request.messages.at(-1)!.content;
    this.prompts.push(prompt);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.clock.wait(this.latencyMs, request.signal);
    } finally {
      this.inFlight--;
    }
    return {
      text: this.answer(prompt, this.prompts.length),
      finishReason: 'stop',
      timing: { totalMs: this.latencyMs }
    };
  }
}

const plans: BuildPlan[] = ['a school', 'a park', 'a ship'].map((scene, i) => ({
  ...plan,
  key: `social/${String(i)}`,
  scene
}));
const checkOf = (prompt: string): CheckKind =>
  prompt.includes('[Contradictions]')
    ? 'consistency'
    : prompt.includes('[Obvious speech]')
      ? 'implicitness'
      : 'incorporation';

/**
 * A writer who names the scene in the story, and a checker who finds the third value missing
 * from the park's story until the writer adds it.
 */
function setup(clock: FakeClock): { writer: ScriptedModel; checker: ScriptedModel } {
  const writer = new ScriptedModel(clock, (prompt) => {
    const scene = /people in (a \w+)/.exec(prompt)?.[1];
    if (scene !== undefined) return story([`They had all come to ${scene}.`]);
    const added = prompt.startsWith('Below is a scene and values it should show');
    const at = /They had all come to a \w+\./.exec(prompt)?.[0] ?? '';
    return story([at, ...(added ? ['**Caro:** "The app asked for my contacts again. Deleted it."'] : [])]);
  });
  const checker = new ScriptedModel(clock, (prompt) => {
    const check = checkOf(prompt);
    const missing =
      check === 'incorporation' && prompt.includes('come to a park') && !prompt.includes('Deleted it.');
    return checkReply(check, missing ? { 3: null } : {});
  });
  return { writer, checker };
}

const options = (clock: FakeClock): RunOptions => ({
  sampling: { temperature: 0, topP: 1, maxTokens: 900 },
  concurrency: 3,
  clock,
  baseDelayMs: 1
});

describe('building stories on the run engine', () => {
  it('builds every story to its outcome, writer and checker each on its own model and concurrency', async () => {
    const clock = new FakeClock();
    const { writer, checker } = setup(clock);
    const store = new MemoryStore();
    const models: ConstructionModels = {
      writer: { model: writer, options: options(clock) },
      checker: { model: checker, options: options(clock) }
    };
    const result = await runConstruction(models, plans, DEFAULT_BUILD_OPTIONS, store, 'b1', []);
    expect(result.stories.map((s) => s.outcome)).toEqual([
      { status: 'passed' },
      { status: 'passed' },
      { status: 'passed' }
    ]);
    // One story needed a value added and a second round: 3 stories × 4 calls, + 1 write + 3 checks.
    expect(writer.prompts).toHaveLength(4);
    expect(checker.prompts).toHaveLength(12);
    expect(store.results('b1')).toHaveLength(16);
    expect(result.asked).toBe(16);
    expect(checker.maxInFlight).toBeLessThanOrEqual(3);
    expect(result.stories.filter((s) => s.versions.some((v) => v.step === 'add-missing'))).toHaveLength(1);
  });

  it('refuses to go on when the store counts calls as stored but their replies were not given back', async () => {
    const clock = new FakeClock();
    const { writer, checker } = setup(clock);
    const store = new MemoryStore();
    const models: ConstructionModels = {
      writer: { model: writer, options: options(clock) },
      checker: { model: checker, options: options(clock) }
    };
    await runConstruction(models, plans, DEFAULT_BUILD_OPTIONS, store, 'b1', []);
    // Resumed with the replies left out: the engine skips every stored call, the replay still
    // needs them. Without the guard this looped for ever.
    await expect(runConstruction(models, plans, DEFAULT_BUILD_OPTIONS, store, 'b1', [])).rejects.toThrow(
      /replies it did not give back .*construction b1 cannot go on/
    );
  });

  it('a construction cancelled mid-way resumes from its stored replies, asks nothing twice, and ends the same', async () => {
    const clock = new FakeClock();
    const whole = setup(clock);
    const models = (w: ChatModel, c: ChatModel): ConstructionModels => ({
      writer: { model: w, options: options(clock) },
      checker: { model: c, options: options(clock) }
    });
    const uninterrupted = await runConstruction(
      models(whole.writer, whole.checker),
      plans,
      DEFAULT_BUILD_OPTIONS,
      new MemoryStore(),
      'u',
      []
    );

    const store = new MemoryStore();
    const first = setup(clock);
    const cancel = new AbortController();
    void clock.wait(1200).then(() => {
      cancel.abort();
    });
    const stopped = await runConstruction(
      models(first.writer, first.checker),
      plans,
      DEFAULT_BUILD_OPTIONS,
      store,
      'r',
      [],
      { signal: cancel.signal }
    );
    expect(stopped.outcome?.status).toBe('cancelled');
    const kept = [...store.results('r')];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(16);

    const again = setup(clock);
    const resumed = await runConstruction(
      models(again.writer, again.checker),
      plans,
      DEFAULT_BUILD_OPTIONS,
      store,
      'r',
      kept
    );
    expect(resumed.asked).toBe(16 - kept.length);
    expect(new Set(store.results('r').map((r) => r.itemKey)).size).toBe(16);
    expect(resumed.stories).toEqual(JSON.parse(JSON.stringify(uninterrupted.stories)));
  });
});
