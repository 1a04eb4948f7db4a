import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker } from '../servers/fake-checker';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-check-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const args = (
  url: string,
  out: string,
  extra: string[] = [],
  { checks = 'incorporation,consistency', samples = '1' } = {}
): string[] => [
  'check',
  '--provider',
  'openai',
  '--base-url',
  url,
  '--model',
  'fake-model',
  '--api-key',
  'test-key',
  '--dataset',
  'social',
  '--checks',
  checks,
  '--samples',
  samples,
  '--retry-base-ms',
  '1',
  '--retry-max-ms',
  '5',
  '--out',
  out,
  ...extra
];

interface Scored {
  rates: {
    check: string;
    category: string;
    decided: number;
    passed: number;
    undecided: number;
    unreadableSamples: number;
    quotesNotFound: number;
    passRate?: number;
  }[];
  calls: { planned: number; answered: number };
}
async function scored(path: string): Promise<Scored> {
  const run = await cli(['score', '--run', path, '--json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as Scored;
}
const rate = (s: Scored, check: string) => s.rates.find((r) => r.check === check && r.category === 'all')!;

describe('cqbench check', () => {
  it('an honest checker passes every value of the 8 social stories; the file scores the same again', async () => {
    const server = await startOpenAIServer({ answer: fakeChecker('honest') });
    const out = join(dir, 'honest.jsonl');
    const run = await cli(args(server.url, out));
    expect(run.code, run.err).toBe(0);
    expect(server.requests.length).toBe(16);
    expect(run.out).toMatch(/incorporation +all +1\.000 +40\/40/);
    const s = await scored(out);
    expect(s.calls).toEqual({ planned: 16, answered: 16 });
    expect(rate(s, 'consistency')).toMatchObject({ decided: 40, passed: 40, undecided: 0 });
    await server.close();
  });

  it('counts a skipped value and an always unreadable reply apart, never as pass or fail, after asking again', async () => {
    const skips = await startOpenAIServer({ answer: fakeChecker('skips-a-value') });
    const out = join(dir, 'skips.jsonl');
    expect((await cli(args(skips.url, out, [], { checks: 'incorporation' }))).code).toBe(0);
    // Each reply is refused and asked again twice: three calls per story.
    expect(skips.requests.length).toBe(24);
    expect(rate(await scored(out), 'incorporation')).toMatchObject({
      decided: 32,
      passed: 32,
      undecided: 8,
      unreadableSamples: 8
    });
    await skips.close();

    const never = await startOpenAIServer({ answer: fakeChecker('always-unreadable') });
    const out2 = join(dir, 'never.jsonl');
    expect((await cli(args(never.url, out2, [], { checks: 'incorporation' }))).code).toBe(0);
    const s = rate(await scored(out2), 'incorporation');
    expect(s).toMatchObject({ decided: 0, passed: 0, undecided: 40, unreadableSamples: 40 });
    expect(s.passRate).toBeUndefined();
    await never.close();
  });

  it('keeps and flags a quote that is not in the story; unreadable twice then fine gives the honest rates', async () => {
    const inventor = await startOpenAIServer({ answer: fakeChecker('invents-a-quote') });
    const out = join(dir, 'invents.jsonl');
    expect((await cli(args(inventor.url, out))).code).toBe(0);
    expect(rate(await scored(out), 'consistency')).toMatchObject({
      decided: 40,
      passed: 32,
      quotesNotFound: 8
    });
    await inventor.close();

    const slow = await startOpenAIServer({ answer: fakeChecker('unreadable-twice') });
    const out2 = join(dir, 'twice.jsonl');
    expect((await cli(args(slow.url, out2))).code).toBe(0);
    expect(rate(await scored(out2), 'incorporation')).toMatchObject({
      decided: 40,
      passed: 40,
      unreadableSamples: 0
    });
    await slow.close();
  });

  it('a check run cut short resumes asking only what is missing, and refuses other settings', async () => {
    const server = await startOpenAIServer({ answer: fakeChecker('honest') });
    const out = join(dir, 'cut.jsonl');
    expect((await cli(args(server.url, out))).code).toBe(0);
    // Keep the header and 5 replies, and half a line as a killed writer leaves it.
    const lines = readFileSync(out, 'utf8').split('\n');
    writeFileSync(out, `${lines.slice(0, 6).join('\n')}\n{"type":"res`);
    const before = server.requests.length;
    const again = await cli(args(server.url, out));
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists; add --resume');
    const resumed = await cli([...args(server.url, out), '--resume']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(server.requests.length - before).toBe(11);
    expect((await scored(out)).calls).toEqual({ planned: 16, answered: 16 });
    const other = await cli([...args(server.url, out, [], { samples: '2' }), '--resume']);
    expect(other.code).toBe(2);
    expect(other.err).toContain('was started with other settings (samples)');
    await server.close();
  });

  it('refuses a wrong check name or category in one line', async () => {
    const bad = await cli(args('http://127.0.0.1:1/v1', join(dir, 'x.jsonl'), [], { checks: 'tone' }));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--checks/);
    const cat = await cli(args('http://127.0.0.1:1/v1', join(dir, 'y.jsonl'), ['--category', 'constructor']));
    expect(cat.code).toBe(2);
    expect(cat.err).toContain('has no category "constructor"');
  });
});
