/**
 * `generate` killed for real (SIGKILL, a separate process) mid-construction and resumed: no
 * stored reply is asked again, and the result is the one an uninterrupted run gives.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, spawnCli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker } from '../servers/fake-checker';
import type { FakePrompt } from '../servers/fake-model';
import { story } from '../../src/lib/core/construction/testing';
import { buildStory, DEFAULT_BUILD_OPTIONS } from '../../src/lib/core/construction/build-story';
import { constructionPlans, readConstructionText } from '../../src/lib/core/construction/construction-file';
import { readPool } from '../../src/lib/core/formats/pool';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-generate-kill-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ADDED = '**Ben:** "I kept the receipts of the last three fairs in a shoebox, in date order."';
const honest = fakeChecker('honest');

/**
 * Writer and checker as a pure function of the prompt, so every run gets the same replies: the
 * first story misses value 1 (the incorporation check says so until the added line is there),
 * the writer adds it, and the next round passes. Eight calls a story, over two rounds.
 */
function answer(prompt: FakePrompt): string {
  const text = prompt.lastUser;
  if (!text.includes('[Verdicts]')) return text.includes('Values to add') ? story([ADDED]) : story();
  const incorporation = !text.includes('[Contradictions]') && !text.includes('[Obvious speech]');
  if (!incorporation || text.includes(ADDED)) return honest(prompt);
  return honest(prompt).replace(/^(\[Verdicts\]:\nValue 1:) Yes$/m, '$1 No');
}

const STORIES = 6;
const CALLS = STORIES * 8;
const args = (url: string, out: string, resume = false): string[] => [
  'generate',
  '--category',
  'social',
  '--count',
  String(STORIES),
  '--seed',
  'kill-seed',
  '--provider',
  'openai',
  '--base-url',
  url,
  '--model',
  'fake-model',
  '--api-key',
  'test-key',
  '--min-words',
  '40',
  '--concurrency',
  '2',
  '--out',
  out,
  ...(resume ? ['--resume'] : [])
];

/** The keys of the whole lines of a construction file (a kill may cut the last one). */
function storedKeys(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.startsWith('{"type":"result"'))
    .map((l) => (JSON.parse(l) as { result: { itemKey: string } }).result.itemKey);
}

/** Each call's key and prompt, by replaying the finished file's replies story by story. */
function promptsOf(path: string): Map<string, string> {
  const { config, results } = readConstructionText(path, readFileSync(path, 'utf8'));
  const pool = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));
  const replies = new Map(results.map((r) => [r.itemKey, r.output]));
  const options = { ...DEFAULT_BUILD_OPTIONS, rounds: config.rounds, ruleFixes: config.ruleFixes };
  const prompts = new Map<string, string>();
  for (const plan of constructionPlans(config, pool)) {
    const seen = new Map<string, string | null>();
    for (let next = buildStory(plan, seen, options).next; next; next = buildStory(plan, seen, options).next) {
      if (!replies.has(next.key)) throw new Error(`${path} has no reply for ${next.key}`);
      prompts.set(next.key, next.messages.at(-1)!.content);
      seen.set(next.key, replies.get(next.key)!);
    }
  }
  return prompts;
}

/** How many times each prompt was sent in `requests`. */
function countPrompts(requests: readonly { body: unknown }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const prompt = (r.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    counts.set(prompt, (counts.get(prompt) ?? 0) + 1);
  }
  return counts;
}

/** The stored replies as sorted [key, reply] pairs: the order of lines follows arrival, not the plan. */
function sortedReplies(path: string): [string, string | null][] {
  return readConstructionText(path, readFileSync(path, 'utf8'))
    .results.map((r): [string, string | null] => [r.itemKey, r.output])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe('cqbench generate killed with SIGKILL', () => {
  it('resumes asking no stored call again, and ends byte-identical to an uninterrupted run', async () => {
    const server = await startOpenAIServer({ answer, latencyMs: 60 });
    try {
      const whole = join(dir, 'whole.jsonl');
      const wholeRun = await cli(args(server.url, whole));
      expect(wholeRun.code, wholeRun.err).toBe(0);
      expect(server.requests).toHaveLength(CALLS);
      const askedWhole = server.requests.length;

      const killed = join(dir, 'killed.jsonl');
      const first = spawnCli(args(server.url, killed));
      await new Promise<void>((resolve, reject) => {
        void first.done.then((r) => {
          reject(new Error(`the first run ended before it could be killed: ${r.err}`));
        });
        const timer = setInterval(() => {
          try {
            if (storedKeys(killed).length >= 12) {
              clearInterval(timer);
              first.kill();
              resolve();
            }
          } catch {
            // The file does not exist yet.
          }
        }, 10);
      });
      await first.done;
      const stored = new Set(storedKeys(killed));
      expect(stored.size).toBeGreaterThanOrEqual(12);
      expect(stored.size).toBeLessThan(CALLS);
      const firstRequests = server.requests.slice(askedWhole);

      const resumed = await cli(args(server.url, killed, true));
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.err).toContain(`${stored.size} replies already stored`);
      const resumeRequests = server.requests.slice(askedWhole + firstRequests.length);

      // Calls are matched to keys by their prompts; a prompt may serve several keys (a story
      // unchanged between rounds is checked with the same prompt), so they are counted.
      const keysOfPrompt = new Map<string, string[]>();
      for (const [key, prompt] of promptsOf(killed))
        keysOfPrompt.set(prompt, [...(keysOfPrompt.get(prompt) ?? []), key]);
      expect([...keysOfPrompt.values()].flat()).toHaveLength(CALLS);
      const firstCounts = countPrompts(firstRequests);
      const resumeCounts = countPrompts(resumeRequests);
      let reasked = 0;
      for (const [prompt, keys] of keysOfPrompt) {
        const unstored = keys.filter((k) => !stored.has(k)).length;
        // The resumed run asks only the keys with no stored reply...
        expect(resumeCounts.get(prompt) ?? 0).toBe(unstored);
        // ...and the killed one never asked more than there are keys.
        expect(firstCounts.get(prompt) ?? 0).toBeLessThanOrEqual(keys.length);
        reasked += (firstCounts.get(prompt) ?? 0) + (resumeCounts.get(prompt) ?? 0) - keys.length;
      }
      expect(firstRequests.length + resumeRequests.length).toBe(CALLS + reasked);
      // Asked twice: only calls in flight at the kill, whose replies never arrived (two
      // passes, writer and checker, of concurrency 2).
      expect(reasked).toBeGreaterThanOrEqual(0);
      expect(reasked).toBeLessThanOrEqual(4);

      // The same replies as the uninterrupted run (in another order of lines, as they arrived).
      expect(sortedReplies(killed)).toEqual(sortedReplies(whole));
      const outs = [join(dir, 'whole-out'), join(dir, 'killed-out')];
      for (const [file, out] of [
        [whole, outs[0]!],
        [killed, outs[1]!]
      ] as const) {
        const finished = await cli(['generate', '--finish', file, '--out', out]);
        expect(finished.code, finished.err).toBe(0);
      }
      const names = readdirSync(outs[0]!).sort();
      expect(names).toEqual(readdirSync(outs[1]!).sort());
      expect(names).toHaveLength(4);
      for (const name of names)
        expect(readFileSync(join(outs[1]!, name)).equals(readFileSync(join(outs[0]!, name))), name).toBe(
          true
        );
      expect(readFileSync(join(outs[1]!, 'dataset_social_original.json'), 'utf8')).toContain(
        'I kept the receipts of the last three fairs'
      );
    } finally {
      await server.close();
    }
  }, 90_000);
});
