/**
 * The CLI's `run` against a local server speaking OpenAI's protocol: a flaky server gives the
 * same score as a clean one, and a killed run resumes without asking an answered item again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, spawnCli } from './cli-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '../servers/openai-server';
import { closedPort } from '../servers/closed-port';
import { randomFaults, type FakePrompt } from '../servers/fake-server';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-run-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic "model": picks an option from the prompt by the statement's length. */
function answer(prompt: FakePrompt): string {
  const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
  const options = (/^Options: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '').split(', ');
  return options[statement.length % options.length] ?? '';
}

function storedKeys(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"result"'))
    .map((l) => (JSON.parse(l) as { result: { itemKey: string } }).result.itemKey);
}

async function score(
  path: string
): Promise<{ accuracy: number; n: number; items: { correct: boolean; outcome: string }[] }> {
  const { out, code } = await cli(['score', '--run', path, '--json']);
  expect(code).toBe(0);
  return JSON.parse(out) as { accuracy: number; n: number; items: { correct: boolean; outcome: string }[] };
}

const runArgs = (url: string, out: string, extra: string[] = [], concurrency = 8): string[] => [
  'run',
  '--provider',
  'openai',
  '--base-url',
  url,
  '--model',
  'fake-model',
  '--task',
  'attitude',
  '--dataset',
  'social',
  '--concurrency',
  String(concurrency),
  '--out',
  out,
  ...extra
];

describe('cqbench run against an OpenAI-compatible server', () => {
  it('a flaky server (429s, 500s, resets, broken JSON, cut streams) ends with the same score as a clean one', async () => {
    const clean = await startOpenAIServer({ answer });
    const cleanOut = join(dir, 'clean.jsonl');
    expect((await cli(runArgs(clean.url, cleanOut))).code).toBe(0);
    await clean.close();

    const flaky = await startOpenAIServer({
      answer,
      faults: randomFaults({
        seed: 'flaky',
        rate: 0.35,
        faults: [
          { kind: 'status', status: 429, retryAfter: '0' },
          { kind: 'status', status: 500 },
          { kind: 'status', status: 503 },
          { kind: 'reset' },
          { kind: 'malformed-json' },
          { kind: 'truncate' }
        ]
      })
    });
    const flakyOut = join(dir, 'flaky.jsonl');
    const run = await cli(
      runArgs(flaky.url, flakyOut, ['--max-attempts', '10', '--retry-base-ms', '20', '--retry-max-ms', '200'])
    );
    expect(run.code, run.err).toBe(0);
    expect(flaky.requests.length).toBeGreaterThan(40);
    await flaky.close();

    const [a, b] = [await score(cleanOut), await score(flakyOut)];
    expect(a.n).toBe(40);
    expect(b.items.every((i) => i.outcome !== 'error')).toBe(true);
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.items.map((i) => i.correct)).toEqual(a.items.map((i) => i.correct));
  }, 150_000);

  it("--split hard asks the hard split's stories and the run file records its split", async () => {
    const server = await startOpenAIServer({ answer });
    const out = join(dir, 'hard.jsonl');
    const run = await cli(runArgs(server.url, out, ['--split', 'hard']));
    expect(run.code, run.err).toBe(0);
    await server.close();
    const header = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as {
      config: { dataset: { id: string; name: string } };
    };
    expect(header.config.dataset).toMatchObject({ id: 'hard', name: 'hard split (social)' });
    const hard = JSON.parse(readFileSync('datasets/stories/hard/social.json', 'utf8')) as {
      stories: { title: string; values: unknown[] }[];
    };
    const sent = server.requests.map((r) => JSON.stringify(r.body));
    const title = JSON.stringify(hard.stories[0]!.title).slice(1, -1);
    expect(sent.some((body) => body.includes(title))).toBe(true);
    // Scored against the hard split again when read back: one item per value of its stories.
    expect((await score(out)).n).toBe(hard.stories.reduce((n, s) => n + s.values.length, 0));
    const onFile = await cli(runArgs(server.url, join(dir, 'y.jsonl'), ['--split', 'easy']));
    expect(onFile.err).toMatch(/--split must be one of standard, hard, got "easy"/);
  }, 60_000);

  it('a run killed mid-way resumes without asking any answered item again', async () => {
    const server = await startOpenAIServer({ answer, latencyMs: 40 });
    const out = join(dir, 'killed.jsonl');
    const first = spawnCli(runArgs(server.url, out, [], 2));
    // Kill the process for real once some responses are on disk.
    await new Promise<void>((resolve, reject) => {
      void first.done.then(() => {
        reject(new Error('the first run ended before it could be killed'));
      });
      const timer = setInterval(() => {
        try {
          if (storedKeys(out).length >= 10) {
            clearInterval(timer);
            first.kill();
            resolve();
          }
        } catch {
          // The file does not exist yet.
        }
      }, 20);
    });
    await first.done;
    const before = storedKeys(out);
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before.length).toBeLessThan(40);
    const askedBefore = server.requests.length;

    const again = await cli(runArgs(server.url, out, ['--resume'], 2));
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain(`resuming ${out}: ${before.length} responses already stored`);
    // Only the items without a stored response were asked again.
    expect(server.requests.length - askedBefore).toBe(40 - before.length);
    expect(new Set(storedKeys(out)).size).toBe(40);
    expect(storedKeys(out)).toHaveLength(40);
    await server.close();
  }, 60_000);

  it('a refused key stops the run at once with a message that says what to fix', async () => {
    const server = await startOpenAIServer({ answer, apiKey: 'right-key' });
    const out = join(dir, 'refused.jsonl');
    const run = await cli([...runArgs(server.url, out), '--api-key', 'wrong-key']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/stopped: .*key/i);
    expect(run.err).not.toContain('wrong-key');
    expect(storedKeys(out)).toEqual([]);
    await server.close();
  }, 30_000);

  it('a server nothing listens on stops the run within seconds, naming it, and exits non-zero', async () => {
    const port = await closedPort();
    const out = join(dir, 'unreachable.jsonl');
    const run = await cli(runArgs(`http://127.0.0.1:${port}/v1`, out, ['--retry-base-ms', '50'], 1));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      new RegExp(`stopped: .*could not reach .*127\\.0\\.0\\.1:${port}.*Nothing listens there`)
    );
    // No item is written off as failed: the run resumes once the server is up.
    expect(storedKeys(out)).toEqual([]);
  }, 30_000);

  it('honours the retry flags: backoffs stay within --retry-max-ms, not the default seconds', async () => {
    // Four failures in a row for the one item asked first; the default backoff would wait about
    // 0.5, 1, 2 and 4 s on average (full jitter of 1, 2, 4 and 8 s) between its tries.
    const fail = { kind: 'status', status: 503 } as const;
    const server = await startOpenAIServer({ answer, faults: { 1: fail, 2: fail, 3: fail, 4: fail } });
    const out = join(dir, 'backoff.jsonl');
    const run = await cli(runArgs(server.url, out, ['--retry-base-ms', '5', '--retry-max-ms', '20'], 1));
    expect(run.code, run.err).toBe(0);
    const tries = server.requests.slice(0, 5).map((r) => r.at);
    const gaps = tries.slice(1).map((at, i) => at - tries[i]!);
    expect(Math.max(...gaps)).toBeLessThan(400);
    expect(storedKeys(out)).toHaveLength(40);
    await server.close();
  }, 30_000);

  it('a run that ends with failed items exits non-zero, saying how many and why', async () => {
    const server = await startOpenAIServer({
      answer,
      faults: { 1: { kind: 'status', status: 500 }, 2: { kind: 'status', status: 500 } }
    });
    const out = join(dir, 'holes.jsonl');
    const args = runArgs(server.url, out, ['--max-attempts', '2', '--retry-base-ms', '10'], 1);
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(run.err).toContain('done: 39 answered, 1 failed');
    expect(run.err).toMatch(/error: 1 of 40 items failed and have no answer; the last failure: .*HTTP 500/);
    await server.close();
  }, 30_000);
});
