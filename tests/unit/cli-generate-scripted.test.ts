/**
 * `generate` against a local server scripted to misbehave as models do: a story missing a
 * value, one that writes a statement out, a character who contradicts their value, check
 * replies that cannot be read, and a storm of 429s. Each story is then rebuilt from the file to
 * see its versions.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker, type CheckerMode } from '../servers/fake-checker';
import type { FakeServerOptions } from '../servers/fake-server';
import type { FakePrompt } from '../servers/fake-model';
import { story } from '../../src/lib/core/construction/testing';
import {
  buildStory,
  DEFAULT_BUILD_OPTIONS,
  type BuildState
} from '../../src/lib/core/construction/build-story';
import { constructionPlans, readConstructionText } from '../../src/lib/core/construction/construction-file';
import { readPool } from '../../src/lib/core/formats/pool';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-generate-scripted-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Answer = (prompt: FakePrompt) => string;

const isCheck = (p: FakePrompt): boolean => p.lastUser.includes('[Verdicts]');
const isConsistency = (p: FakePrompt): boolean => p.lastUser.includes('[Contradictions]');
const isIncorporation = (p: FakePrompt): boolean =>
  isCheck(p) && !isConsistency(p) && !p.lastUser.includes('[Obvious speech]');
/** Value `n`'s verdict in a check reply turned to No. */
const failValue = (reply: string, n: number): string =>
  reply.replace(new RegExp(`^(\\[Verdicts\\]:\\n(?:Value \\d+: \\w+\\n)*Value ${n}:) Yes$`, 'm'), '$1 No');

/** Runs `generate` for one story (unless `set` says otherwise) against a server answering `answer`. */
async function generate(
  name: string,
  answer: Answer,
  set: Record<string, string> = {},
  server: Omit<FakeServerOptions, 'answer'> = {}
): Promise<{ code: number | null; out: string; err: string; prompts: string[]; at: number[]; file: string }> {
  const fake = await startOpenAIServer({ answer, ...server });
  const file = join(dir, `${name}.jsonl`);
  try {
    const flags = {
      category: 'social',
      count: '1',
      seed: 'scripted-seed',
      provider: 'openai',
      'base-url': fake.url,
      model: 'fake-model',
      'api-key': 'test-key',
      'min-words': '40',
      'retry-base-ms': '1',
      'retry-max-ms': '5',
      out: file,
      ...set
    };
    const run = await cli(['generate', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v])]);
    const prompts = fake.requests.map(
      (r) => (r.body as { messages: { content: string }[] }).messages.at(-1)!.content
    );
    return { ...run, prompts, at: fake.requests.map((r) => r.at), file };
  } finally {
    await fake.close();
  }
}

/** The stories of a construction file, rebuilt from its replies as `--finish` does. */
function storiesOf(file: string): BuildState[] {
  const { config, results } = readConstructionText(file, readFileSync(file, 'utf8'));
  const pool = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));
  const replies = new Map(results.map((r) => [r.itemKey, r.output]));
  const options = { ...DEFAULT_BUILD_OPTIONS, rounds: config.rounds, ruleFixes: config.ruleFixes };
  return constructionPlans(config, pool).map((plan) => buildStory(plan, replies, options));
}

/** A writer giving `first` for a new story and the plain story for anything else, and a checker. */
function scripted(first: (prompt: FakePrompt) => string, mode: CheckerMode = 'honest'): Answer {
  const checker = fakeChecker(mode);
  return (p) => (isCheck(p) ? checker(p) : p.lastUser.includes('Write a scene') ? first(p) : story());
}

describe('cqbench generate against scripted models', () => {
  it('a story missing a value: the writer is asked to add that value alone, and the next round passes', async () => {
    const added = '**Caro:** "The app asked for my contacts again. I deleted it on the bus."';
    const honest = fakeChecker('honest');
    const run = await generate('missing', (p) => {
      if (isIncorporation(p)) return p.lastUser.includes(added) ? honest(p) : failValue(honest(p), 3);
      if (isCheck(p)) return honest(p);
      return p.lastUser.includes('Values to add') ? story([added]) : story();
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out.trim()).toBe('social/0: passed (2 versions)');
    const add = run.prompts.find((p) => p.includes('Values to add'))!;
    const asked = add.split('Values to add')[1]!.match(/^Value \d+: /gm);
    expect(asked).toEqual(['Value 1: ']);
    const [built] = storiesOf(run.file);
    expect(built!.versions.map((v) => v.step)).toEqual(['generate', 'add-missing']);
    expect(built!.versions[1]!.text).toContain(added);
  });

  it('a statement written out word for word: the rules send the story back, and the fixed version passes', async () => {
    const run = await generate(
      'verbatim',
      scripted((p) => {
        const statement = /^Value 1: (.+)--/m.exec(p.lastUser)![1]!;
        return story([`**Ben:** "As I always say, ${statement}"`]);
      })
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out.trim()).toBe('social/0: passed (2 versions)');
    const fix = run.prompts.find((p) => p.includes('What is wrong:'))!;
    expect(fix).toContain('states its value outright');
    const [built] = storiesOf(run.file);
    expect(built!.versions.map((v) => [v.step, v.problems.length > 0])).toEqual([
      ['generate', true],
      ['fix-rules', false]
    ]);
  });

  it('a character who contradicts their value: the speech is replaced in place, and the next round passes', async () => {
    const against = 'Honestly, the marking matters more than any Saturday fair.';
    const honest = fakeChecker('honest');
    const run = await generate('contradicts', (p) => {
      if (isConsistency(p) && p.lastUser.includes(against))
        return failValue(honest(p), 2).replace(/^NONE$/m, `Value 2: Ben: "${against}"`);
      if (isCheck(p)) return honest(p);
      if (p.lastUser.includes('Speeches that go against a value'))
        return `Original speech: ${against}\nReplacement: I left the marking for Monday.`;
      return story([`**Ben:** "${against}"`]);
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out.trim()).toBe('social/0: passed (2 versions)');
    const resolve = run.prompts.find((p) => p.includes('Speeches that go against a value'))!;
    expect(resolve).toContain(`Ben: "${against}"`);
    const [built] = storiesOf(run.file);
    const last = built!.versions.at(-1)!;
    expect(last.step).toBe('resolve-contradictions');
    expect(last.unapplied).toEqual([]);
    expect(last.text).toContain('**Ben:** "I left the marking for Monday."');
    expect(last.text).not.toContain(against);
    expect(built!.versions[0]!.text).toContain(against);
  });

  it('check replies unreadable twice are asked again, and the third is read', async () => {
    const run = await generate(
      'unreadable-twice',
      scripted(() => story(), 'unreadable-twice')
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out.trim()).toBe('social/0: passed (1 version)');
    // The story once, each of the three checks three times.
    expect(run.prompts).toHaveLength(10);
    expect(readFileSync(run.file, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('check replies never readable: the story is kept, failing with every unreadable check named, its text untouched', async () => {
    const run = await generate(
      'unreadable',
      scripted(() => story(), 'always-unreadable'),
      { rounds: '1' }
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^social\/0: failed \(1 version\): incorporation: value 1 unreadable \(/);
    for (const check of ['incorporation', 'consistency', 'implicitness'])
      expect(run.out).toContain(`${check}: value 5 unreadable`);
    // Round 1 and the last reading, three checks each, each asked three times.
    expect(run.prompts).toHaveLength(1 + 2 * 3 * 3);
    const [built] = storiesOf(run.file);
    expect(built!.versions).toHaveLength(1);
    expect(built!.versions[0]!.text).toBe(story());
  });

  it('a storm of 429s with Retry-After: every retry waits at least what the server asked, and the stories finish', async () => {
    const run = await generate(
      'storm',
      scripted(() => story()),
      { count: '3', concurrency: '3' },
      {
        // The three first calls and their first retries are refused, each asking for one second.
        faults: (n) => (n <= 6 ? { kind: 'status', status: 429, retryAfter: '1' } : undefined)
      }
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out.trim().split('\n')).toEqual([
      'social/0: passed (1 version)',
      'social/1: passed (1 version)',
      'social/2: passed (1 version)'
    ]);
    expect(run.prompts).toHaveLength(6 + 3 * 4);
    for (const at of run.at.slice(3, 6)) expect(at - run.at[0]!).toBeGreaterThanOrEqual(1000);
    for (const at of run.at.slice(6)) expect(at - run.at[3]!).toBeGreaterThanOrEqual(1000);
    const results = readConstructionText(run.file, readFileSync(run.file, 'utf8')).results;
    expect(results.filter((r) => r.itemKey.endsWith('/generate')).map((r) => r.attempts)).toEqual([3, 3, 3]);
  }, 30_000);
});
