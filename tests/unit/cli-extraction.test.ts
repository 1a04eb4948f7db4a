/**
 * Value extraction from the CLI, over real HTTP on loopback: a model server and a judge on
 * another server (and protocol), faulty judges counted and shown, re-judging that leaves the
 * model's outputs alone, and a judging resumed after a kill asking only what it lacks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, spawnCli } from './cli-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAnthropicServer } from '../servers/anthropic-server';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakeServer } from '../servers/fake-server';
import { extractionModel, fakeJudge, fakePicks, type JudgeMode } from '../servers/extraction-fakes';
import { shippedDataset } from '../../src/cli/resolve-dataset';

// The model and judge servers answer over HTTP; a loaded machine can make that slow.
vi.setConfig({ testTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'cqbench-extraction-'));
const originals = shippedDataset(['social']).categories.social!.original!;
const stories = originals.map((o) => ({ story: o.story, gold: o.values }));
/** Story 3 answers without a [Final answer] list. */
const NO_PREDICTION = new Set([3]);
const JUDGE_KEY = 'sk-ant-judge-secret-4711';

/** What an honest judge must give: a gold value scores 1 when the model listed it. */
const expected = (() => {
  let sum = 0;
  let values = 0;
  stories.forEach((s, i) => {
    values += s.gold.length;
    if (NO_PREDICTION.has(i)) return;
    const listed = fakePicks(s.gold).join('\n');
    sum += s.gold.filter((g) => listed.includes(g)).length;
  });
  return { score: sum / values, values, judgedValues: values - stories[3]!.gold.length };
})();

let model: FakeServer;
let runFile: string;
const closers: (() => Promise<void>)[] = [];

interface Scored {
  score: number | null;
  lowerBound: number | null;
  goldValues: number;
  judged: number;
  unparseable: number;
  noPrediction: number;
  error: number;
  notJudged: number;
  outcomes: Record<string, number>;
  judgeUsage: { calls: number; refused: number; promptTokens: number; completionTokens: number; ms: number };
  items: {
    key: string;
    status: string;
    extra: string[];
    values: { judge: number | null; unparseable?: string }[];
  }[];
  judging: { id: string; complete: boolean };
  judgings: { id: string }[];
  consistency?: { samples: number; allAgree: number; fleissKappa: number | null; scorePerSample: number[] };
}

async function score(path: string, extra: string[] = []): Promise<Scored> {
  const r = await cli(['score', '--run', path, '--json', ...extra]);
  expect(r.err).not.toContain('error');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Scored;
}

const judgeArgs = (url: string, provider = 'openai'): string[] => [
  '--judge-provider',
  provider,
  '--judge-base-url',
  url,
  '--judge-model',
  'fake-model'
];

async function openaiJudge(mode: JudgeMode, latencyMs = 0): Promise<FakeServer> {
  const server = await startOpenAIServer({ answer: fakeJudge(mode), latencyMs });
  closers.push(() => server.close());
  return server;
}

const resultLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"result"'));

beforeAll(async () => {
  model = await startOpenAIServer({ answer: extractionModel(stories, NO_PREDICTION) });
  const judge = await startAnthropicServer({ answer: fakeJudge('honest'), apiKey: JUDGE_KEY });
  closers.push(
    () => model.close(),
    () => judge.close()
  );
  runFile = join(dir, 'run.jsonl');
  const run = await cli([
    'run',
    '--provider',
    'openai',
    '--base-url',
    model.url,
    '--model',
    'fake-model',
    '--task',
    'extraction',
    '--dataset',
    'social',
    '--out',
    runFile,
    ...judgeArgs(judge.url, 'anthropic'),
    '--judge-api-key',
    JUDGE_KEY
  ]);
  expect(run.err).toContain('judged:');
  expect(run.code).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cqbench run --task extraction with a judge on another server', () => {
  it('asks the model twice per story in one conversation and the judge once per prediction', () => {
    expect(model.requests).toHaveLength(2 * stories.length);
    const lines = resultLines(runFile).map(
      (l) => (JSON.parse(l) as { result: { steps?: unknown[]; output: string } }).result
    );
    expect(lines).toHaveLength(stories.length);
    expect(lines.every((r) => r.steps?.length === 1)).toBe(true);
  });

  it('scores what the honest judge must give, counting the story without a prediction as 0', async () => {
    const s = await score(runFile);
    expect(s.score).toBeCloseTo(expected.score, 10);
    expect(s.lowerBound).toBeCloseTo(expected.score, 10);
    expect(s.goldValues).toBe(expected.values);
    expect(s.judged).toBe(expected.judgedValues);
    expect(s.unparseable).toBe(0);
    expect(s.noPrediction).toBe(1);
    expect(s.error).toBe(0);
    expect(s.judgeUsage.calls).toBe(stories.length - 1);
    expect(s.judgeUsage.promptTokens).toBeGreaterThan(0);
    expect(s.judging.complete).toBe(true);
  });

  it('never writes the judge key to the run file or prints it', async () => {
    expect(readFileSync(runFile, 'utf8')).not.toContain(JUDGE_KEY);
    const text = await cli(['score', '--run', runFile]);
    expect(text.out).toContain('value extraction');
    expect(text.out).toContain('judgings:');
    expect(text.out + text.err).not.toContain(JUDGE_KEY);
  });
});

describe('cqbench judge: re-judging and faulty judges', () => {
  async function rejudge(mode: JudgeMode, extra: string[] = []): Promise<Scored> {
    const before = resultLines(runFile);
    const server = await openaiJudge(mode);
    const r = await cli(['judge', '--run', runFile, ...judgeArgs(server.url), ...extra]);
    expect(r.code).toBe(0);
    // The model's stored outputs are untouched by any judging.
    expect(resultLines(runFile)).toEqual(before);
    // The first complete judging keeps giving the run's score; the new one is scored when named.
    const byDefault = await score(runFile);
    expect(byDefault.judging.id).toBe(byDefault.judgings[0]!.id);
    return await score(runFile, ['--judging', byDefault.judgings.at(-1)!.id]);
  }

  it('a judge in markdown and other spellings is read the same', async () => {
    const s = await rejudge('markdown');
    expect(s.score).toBeCloseTo(expected.score, 10);
    expect(s.unparseable).toBe(0);
  });

  it('a judge unreadable twice then right is retried, and the refusals are counted', async () => {
    const s = await rejudge('flaky');
    expect(s.score).toBeCloseTo(expected.score, 10);
    expect(s.unparseable).toBe(0);
    expect(s.judgeUsage.refused).toBe(2 * (stories.length - 1));
    expect(s.judgeUsage.calls).toBe(3 * (stories.length - 1));
  });

  it('a judge that skips a value: that value is unparseable, never 0, and the lower bound shows it', async () => {
    const s = await rejudge('skip');
    const judgedStories = stories.length - 1;
    expect(s.unparseable).toBe(judgedStories);
    expect(s.judged).toBe(expected.judgedValues - judgedStories);
    // The skipped (last) value is never one the model listed, so the honest verdict was 0:
    // the score over read verdicts is higher, the lower bound is the honest score.
    expect(s.score).toBeCloseTo((expected.score * expected.values) / (expected.values - judgedStories), 10);
    expect(s.lowerBound).toBeCloseTo(expected.score, 10);
    expect(s.items.filter((i) => i.status === 'scored').every((i) => i.values.at(-1)!.judge === null)).toBe(
      true
    );
    expect(s.outcomes.unparseable).toBe(stories.length);
    // Asked three times (the first and two retries), then kept as it is.
    expect(s.judgeUsage.refused).toBe(2 * judgedStories);
  });

  it('a judge scoring values that do not exist is flagged; the real values are read as given', async () => {
    const s = await rejudge('extra');
    expect(s.score).toBeCloseTo(expected.score, 10);
    expect(s.items.filter((i) => i.extra.length > 0)).toHaveLength(stories.length - 1);
    const text = await cli(['score', '--run', runFile, '--judging', s.judging.id]);
    expect(text.out).toMatch(/flagged\s+7 judge replies scored values that do not exist/);
  });

  it('wrong-format and unreadable judges leave every verdict unparseable; only the missing prediction counts', async () => {
    for (const mode of ['wrong-format', 'unreadable'] as const) {
      const s = await rejudge(mode);
      expect(s.judged).toBe(0);
      expect(s.unparseable).toBe(expected.judgedValues);
      expect(s.score).toBe(0);
      expect(s.lowerBound).toBe(0);
      const text = await cli(['score', '--run', runFile, '--judging', s.judging.id]);
      expect(text.out).toMatch(new RegExp(`unparseable\\s+${expected.judgedValues} verdicts`));
    }
  });

  it('k samples report self-consistency, and --judging picks an earlier judging', async () => {
    const s = await rejudge('honest', ['--judge-samples', '3']);
    expect(s.consistency?.samples).toBe(3);
    expect(s.consistency?.allAgree).toBe(1);
    expect(s.consistency?.scorePerSample).toHaveLength(3);
    expect(s.judgeUsage.calls).toBe(3 * (stories.length - 1));
    const first = await score(runFile, ['--judging', s.judgings[0]!.id]);
    expect(first.score).toBeCloseTo(expected.score, 10);
    expect(first.judging.id).toBe(s.judgings[0]!.id);
  });
});

describe('mistakes are refused before anything is asked', () => {
  it('baselines cannot run or judge value extraction; an unknown judging is named', async () => {
    const baseline = await cli([
      'run',
      '--provider',
      'random',
      '--task',
      'extraction',
      '--dataset',
      'social',
      '--out',
      join(dir, 'never.jsonl'),
      ...judgeArgs(model.url)
    ]);
    expect(baseline.code).toBe(2);
    expect(baseline.err).toContain('cannot run value extraction');
    const noJudge = await cli(['judge', '--run', runFile]);
    expect(noJudge.code).toBe(2);
    expect(noJudge.err).toContain('--judge-provider is required');
    const unknown = await cli(['score', '--run', runFile, '--judging', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('has no judging nope');
  });
});

describe('a value-extraction run without judge flags', () => {
  it('asks the model only, says how to judge, resumes the same way, and is judged later', async () => {
    const path = join(dir, 'unjudged.jsonl');
    const runArgs = [
      'run',
      '--provider',
      'openai',
      '--base-url',
      model.url,
      '--model',
      'fake-model',
      '--task',
      'extraction',
      '--dataset',
      'social',
      '--out',
      path
    ];
    const asked = model.requests.length;
    const first = await cli(runArgs);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`judge with: judge --run ${path} --judge-provider`);
    expect(model.requests.length - asked).toBe(2 * stories.length);
    expect(readFileSync(path, 'utf8')).not.toContain('"type":"judging"');
    const again = await cli([...runArgs, '--resume']);
    expect(again.code).toBe(0);
    expect(again.err).toContain('judge with: judge --run');
    expect(model.requests.length - asked).toBe(2 * stories.length);
    const judge = await openaiJudge('honest');
    const judged = await cli([
      'judge',
      '--run',
      path,
      ...judgeArgs(judge.url),
      '--retry-base-ms',
      '5',
      '--retry-max-ms',
      '20',
      '--max-attempts',
      '2'
    ]);
    expect(judged.code).toBe(0);
    expect((await score(path)).score).toBeCloseTo(expected.score, 10);
  });
});

describe('a judging killed half-way', () => {
  it('resumes asking only the judge items it lacks', async () => {
    // Slow enough that the kill lands half-way even on a loaded machine.
    const slow = await openaiJudge('honest', 400);
    const judgeLines = (): number =>
      readFileSync(runFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"type":"judge-result"')).length;
    const before = judgeLines();
    const first = spawnCli(['judge', '--run', runFile, ...judgeArgs(slow.url), '--concurrency', '1']);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (judgeLines() - before >= 2) {
          clearInterval(timer);
          first.kill();
          resolve();
        }
      }, 10);
    });
    await first.done;
    // Counted once the killed process is gone, so no write can land after the count.
    const atKill = judgeLines() - before;
    expect(atKill).toBeGreaterThanOrEqual(2);
    expect(atKill).toBeLessThan(stories.length - 1);
    const asked = slow.requests.length;
    const r = await cli([
      'judge',
      '--run',
      runFile,
      ...judgeArgs(slow.url),
      '--concurrency',
      '1',
      '--resume'
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('resuming judging');
    expect(slow.requests.length - asked).toBe(stories.length - 1 - atKill);
    const s = await score(runFile, ['--judging', (await score(runFile)).judgings.at(-1)!.id]);
    expect(s.judging.complete).toBe(true);
    expect(s.score).toBeCloseTo(expected.score, 10);
    // One response per judge item: none asked twice.
    expect(s.judgeUsage.calls).toBe(stories.length - 1);
  }, 60_000);
});
