import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer } from '../servers/fake-server';
import { loadShipped } from '../../src/cli/shipped-from-disk';
import { releaseFilesOf } from '../../src/lib/core/dataset/shipped-benchmark';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-difficulty-'));
const stories = releaseFilesOf(loadShipped(), 'social').setting1;

/** A reader that knows the gold answers: misses all of story 1, and statement 0 of story 2 if asked to. */
function reader(missesFirstOf2: boolean) {
  return (prompt: FakePrompt): string => {
    const index = stories.findIndex((s) => prompt.lastUser.includes(s.story));
    const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
    const q = stories[index]!.questions.findIndex((x) => x.value === statement);
    const question = stories[index]!.questions[q]!;
    const gold = question['gold label'];
    const wrong = question.options.map((o) => o.trim()).find((o) => o.toLowerCase() !== gold.toLowerCase())!;
    return index === 1 || (missesFirstOf2 && index === 2 && q === 0) ? wrong : gold;
  };
}

let servers: FakeServer[] = [];
beforeAll(async () => {
  servers = [
    await startOpenAIServer({ answer: reader(false) }),
    await startOpenAIServer({ answer: reader(true) })
  ];
});
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readerRun(server: FakeServer, out: string): Promise<void> {
  const { code, err } = await cli([
    'run',
    ...['--provider', 'openai', '--base-url', server.url, '--model', 'fake-model'],
    ...['--task', 'attitude', '--dataset', 'social', '--concurrency', '4', '--out', out]
  ]);
  expect(code, err).toBe(0);
}

describe('cqbench difficulty', () => {
  it('prints the distribution and the flagged stories of two reader runs, and writes them as JSON', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    await readerRun(servers[0]!, a);
    await readerRun(servers[1]!, b);
    const flags = join(dir, 'flags.json');
    const { code, out, err } = await cli(['difficulty', '--run', a, '--run', b, '--out', flags]);
    expect(code, err).toBe(0);
    expect(out).toContain('dataset shipped: 8 of 8 stories measured by 2 reader runs');
    expect(out).toMatch(/0\.0-0\.1 +1\n/);
    expect(out).toMatch(/0\.9-1\.0 +7\n/);
    expect(out).toContain('too explicit (6):');
    expect(out).toMatch(/unsolved \(1\):\n {2}social\/1 .* solve rate 0\.00 from 2 reader runs/);
    const written = JSON.parse(readFileSync(flags, 'utf8')) as {
      stories: { key: string; flag?: string; solveRate: number | null; readers: number }[];
    };
    expect(written.stories.filter((s) => s.flag === 'too-explicit')).toHaveLength(6);
    expect(written.stories.find((s) => s.key === 'social/2')).toMatchObject({ solveRate: 0.9, readers: 2 });
    expect(written.stories.find((s) => s.key === 'social/2')?.flag).toBeUndefined();

    // One reader alone: story 2 is then solved by every reader.
    const one = await cli(['difficulty', '--run', a, '--json']);
    expect((JSON.parse(one.out) as { flagged: Record<string, number> }).flagged).toEqual({
      'too-explicit': 7,
      unsolved: 1
    });
  });

  it('refuses a call without reader runs, or runs of another dataset than --dataset names', async () => {
    const none = await cli(['difficulty']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('at least one reader run');
    const refused = await cli(['difficulty', '--run', join(dir, 'a.jsonl'), '--dataset', 'hard']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('was run on shipped, not on hard');
  });
});
