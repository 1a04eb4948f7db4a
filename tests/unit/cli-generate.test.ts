import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker, type CheckerMode } from '../servers/fake-checker';
import type { FakePrompt } from '../servers/fake-model';
import { story } from '../../src/lib/core/construction/testing';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-generate-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * One local server plays both models: the writer (a story in the layout, or a replacement
 * for each speech it is asked to replace) and a checker in the given mode.
 */
function writerAndChecker(mode: CheckerMode): (prompt: FakePrompt) => string {
  const checker = fakeChecker(mode);
  return (prompt) => {
    if (prompt.lastUser.includes('[Verdicts]')) return checker(prompt);
    const speeches = [...prompt.lastUser.matchAll(/^- Value \d+ \([^)]*\): (?:[^:"]+: )?"(.*)"$/gm)].map(
      (m) => m[1]!
    );
    if (speeches.length > 0)
      return speeches
        .map((s) => `Original speech: ${s}\nReplacement: Ana had the float ready by nine.`)
        .join('\n\n');
    return `Here is the scene.\n\n${story()}\n`;
  };
}

/** The command's flags; `set` replaces or adds flags, `switches` are added at the end. */
const args = (
  url: string,
  out: string,
  set: Record<string, string> = {},
  switches: string[] = []
): string[] =>
  Object.entries({
    category: 'social',
    count: '2',
    seed: 'test-seed',
    provider: 'openai',
    'base-url': url,
    model: 'fake-model',
    'api-key': 'test-key',
    'min-words': '40',
    'retry-base-ms': '1',
    'retry-max-ms': '5',
    out,
    ...set
  })
    .reduce<string[]>((flags, [k, v]) => [...flags, `--${k}`, v], ['generate'])
    .concat(switches);

describe('cqbench generate', () => {
  it('builds stories that pass every check: one story and one call per check each, every reply in the file', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const out = join(dir, 'honest.jsonl');
    try {
      const run = await cli(args(server.url, out));
      expect(run.code, run.err).toBe(0);
      expect(run.out.trim().split('\n')).toEqual([
        'social/0: passed (1 version)',
        'social/1: passed (1 version)'
      ]);
      expect(server.requests).toHaveLength(8);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({
        type: 'construction',
        config: { category: 'social', count: 2 }
      });
      expect(lines).toHaveLength(9);
      expect(readFileSync(out, 'utf8')).not.toContain('test-key');
    } finally {
      await server.close();
    }
  });

  it('a contradiction quoting a speech not in the story is left unapplied; after the rounds the story is kept with its failing checks named', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('invents-a-quote') });
    try {
      const run = await cli(args(server.url, join(dir, 'invents.jsonl'), { count: '1', rounds: '1' }));
      expect(run.code, run.err).toBe(0);
      expect(run.out.trim()).toBe(
        'social/0: failed (3 versions): consistency: value 1 fails; implicitness: value 2 fails'
      );
      expect(run.err).toContain('0 of 1 stories passed every check, 1 kept with failing checks named');
    } finally {
      await server.close();
    }
  });

  it('resumes an interrupted construction from its file, asking only what is missing, and refuses to overwrite', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const out = join(dir, 'resumed.jsonl');
    try {
      expect((await cli(args(server.url, out))).code).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n');
      // As if killed after three replies, one line cut short.
      writeFileSync(out, `${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 20)}`);
      const refused = await cli(args(server.url, out));
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('already exists; add --resume');
      const before = server.requests.length;
      const resumed = await cli(args(server.url, out, {}, ['--resume']));
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.err).toContain('3 replies already stored');
      expect(server.requests.length - before).toBe(5);
      expect(resumed.out.trim().split('\n')).toEqual([
        'social/0: passed (1 version)',
        'social/1: passed (1 version)'
      ]);
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(9);
      const other = await cli(args(server.url, out, { rounds: '3' }, ['--resume']));
      expect(other.err).toContain('was started with other settings (rounds)');
    } finally {
      await server.close();
    }
  });

  it('refuses what it cannot build, saying why', async () => {
    const multiple = await cli(args('http://127.0.0.1:9/v1', join(dir, 'm.jsonl'), { category: 'multiple' }));
    expect(multiple.code).toBe(2);
    expect(multiple.err).toContain('not built by the CLI yet');
    const baseline = await cli(args('http://127.0.0.1:9/v1', join(dir, 'b.jsonl'), { provider: 'majority' }));
    expect(baseline.err).toContain('a baseline cannot write or check stories');
  });
});
