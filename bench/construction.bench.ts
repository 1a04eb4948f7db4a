/**
 * `npm run bench construction`: what the construction pipeline adds per story over the model
 * calls themselves. A writer and a checker that each take 500 ms a call (real time, in this
 * process, so only our side is measured) build 24 stories at concurrency 8 each, every reply
 * appended to a construction file as the CLI does. The ideal is the sum of the call time
 * divided by the concurrency; whatever the wall time adds is the pipeline's (replays, prompts,
 * the engine, the file). The writer and the checker each have their own 8 lanes, so where
 * their calls overlap the wall time can fall under that ideal. Two cases: every story passes at once (4 calls each), and every third
 * story misses a value (8 calls, over two rounds), which leaves lanes idle while the others
 * wait. Prints figures; asserts nothing. A construction that does not complete is an error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConstructionFileStore, createConstructionFile } from '../src/cli/construction-file';
import type { ChatModel, ChatRequest, ChatResponse } from '../src/lib/core/ports';
import { readPool } from '../src/lib/core/formats/pool';
import { DEFAULT_BUILD_OPTIONS } from '../src/lib/core/construction/build-story';
import { runConstruction } from '../src/lib/core/construction/construct';
import { constructionPlans, type ConstructionConfig } from '../src/lib/core/construction/construction-file';
import { story } from '../src/lib/core/construction/testing';
import { fakeChecker } from '../tests/servers/fake-checker';
import { numberedValues } from '../src/lib/core/checks/check-templates';

const CALL_MS = 500;
const CONCURRENCY = 8;
const STORIES = 24;
const ADDED = '**Caro:** "The app asked for my contacts again. I deleted it on the bus."';

/** A model whose every call takes CALL_MS of real time; it adds up the time its calls took. */
class SimulatedModel implements ChatModel {
  readonly concurrency = CONCURRENCY;
  callMs = 0;
  calls = 0;
  constructor(
    readonly identity: { provider: string; model: string },
    private readonly answer: (prompt: string) => string
  ) {}
  async complete(request: ChatRequest): Promise<ChatResponse> {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, CALL_MS);
      request.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
    this.callMs += performance.now() - start;
    this.calls++;
    return {
      text: this.answer(request.messages.at(-1)!.content),
      finishReason: 'stop',
      timing: { totalMs: CALL_MS }
    };
  }
}

const pool = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));
const config: ConstructionConfig = {
  kind: 'construction',
  category: 'social',
  count: STORIES,
  seed: 'construction-bench',
  rounds: 2,
  ruleFixes: 2,
  minWords: 40,
  templateHash: 'c'.repeat(64),
  writer: { provider: 'simulated', model: 'writer' },
  checker: { provider: 'simulated', model: 'checker' },
  sampling: { temperature: 0.7, topP: 1, maxTokens: 4096 },
  environment: { appVersion: 'bench' },
  createdAt: new Date().toISOString()
};
const plans = constructionPlans(config, pool);

async function measure(label: string, missing: (scene: number) => boolean): Promise<void> {
  const honest = fakeChecker('honest');
  // Which stories miss a value: the checker knows a story by its numbered values in the prompt.
  const missingValues = plans.filter((_, i) => missing(i)).map((p) => numberedValues(p.values));
  const writer = new SimulatedModel(config.writer, (prompt) =>
    prompt.includes('Values to add') ? story([ADDED]) : story()
  );
  const checker = new SimulatedModel(config.checker, (prompt) => {
    const reply = honest({ model: 'checker', system: '', messages: [], lastUser: prompt });
    const incorporation = !prompt.includes('[Contradictions]') && !prompt.includes('[Obvious speech]');
    const misses = missingValues.some((v) => prompt.includes(v)) && !prompt.includes(ADDED);
    return incorporation && misses ? reply.replace(/^(\[Verdicts\]:\nValue 1:) Yes$/m, '$1 No') : reply;
  });
  const dir = await mkdtemp(join(tmpdir(), 'cqbench-construction-bench-'));
  try {
    const file = join(dir, 'GEN.jsonl');
    await createConstructionFile(file, 'bench', config);
    const options = { sampling: config.sampling, concurrency: CONCURRENCY };
    const start = performance.now();
    const result = await runConstruction(
      { writer: { model: writer, options }, checker: { model: checker, options } },
      plans,
      { ...DEFAULT_BUILD_OPTIONS, rounds: config.rounds },
      new ConstructionFileStore(file),
      'bench',
      []
    );
    const wallMs = performance.now() - start;
    const unfinished = result.stories.filter((s) => s.outcome === undefined).length;
    if (result.outcome?.status !== 'completed' || unfinished > 0)
      throw new Error(
        `${label}: the construction did not complete (${result.outcome?.status ?? 'no outcome'}, ${unfinished} stories unfinished)`
      );
    const passed = result.stories.filter((s) => s.outcome?.status === 'passed').length;
    const calls = writer.calls + checker.calls;
    const callMs = writer.callMs + checker.callMs;
    const idealMs = callMs / CONCURRENCY;
    const overheadMs = wallMs - idealMs;
    console.log(
      `${label}: ${STORIES} stories (${passed} passed), ${calls} calls (${writer.calls} writer, ${checker.calls} checker); ` +
        `sum of call time ${(callMs / 1000).toFixed(1)} s, ideal at concurrency ${CONCURRENCY} ${(idealMs / 1000).toFixed(2)} s, ` +
        `wall ${(wallMs / 1000).toFixed(2)} s: overhead ${((overheadMs / idealMs) * 100).toFixed(1)}% ` +
        `(${(overheadMs / STORIES).toFixed(0)} ms a story)${
          overheadMs < 0
            ? '; under the ideal: writer and checker calls ran side by side, each at its own concurrency'
            : ''
        }`
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`load average ${loadavg()[0]!.toFixed(2)} (2 cores shared; figures vary with it)`);
await measure('every story passes at once', () => false);
await measure('every third story misses a value', (i) => i % 3 === 0);
