import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { FormatError } from '../format-error';
import {
  exportRunBundle,
  readRunBundle,
  rescoredMark,
  runBundleFileName,
  runBundleText,
  scorerLabel,
  verifyRunBundle,
  type BundleCheck
} from './bundle';
import { SCORER_VERSION } from './aggregate';
import { OVERALL } from './identity';
import { configFor, DATASET, judgeReply, judgingConfig, result, results, runInput } from './testing';

const SPLIT = Object.keys(DATASET.categories);

async function attitudeBundleText(): Promise<string> {
  const config = await configFor('attitude');
  const keys = planKeys(DATASET, 'attitude');
  const input = runInput(
    'run-1',
    config,
    results(keys, ['agree', 'agree', 'agree', 'disagree', null, 'he said "agree",\nmaybe'])
  );
  return runBundleText(await exportRunBundle(input));
}

/** The problems of an edited bundle; fails for a bundle in another state. */
function problemsOf(check: BundleCheck): string[] {
  if (check.status.state !== 'edited') throw new Error(`the bundle reads as ${check.status.state}`);
  return check.status.problems;
}

function formatError(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

describe('run bundles', () => {
  it('round trip: read back, recomputed from the raw outputs, agreeing with the stated scores', async () => {
    const text = await attitudeBundleText();
    const bundle = readRunBundle('run.json', text);
    expect(bundle.results).toHaveLength(6);
    expect(bundle.results[5]!.output).toBe('he said "agree",\nmaybe');
    const check = await verifyRunBundle(bundle, DATASET, SPLIT, 'published');
    expect(check.status).toEqual({ state: 'verified' });
    expect(check.aggregate.origin).toBe('published');
    // Right: social/0/0, social/1/0, and the last answer (it reads as "agree").
    expect(check.aggregate.cells.find((c) => c.category === OVERALL)?.score).toBe(0.5);
    expect(check.scored.items).toHaveLength(6);
    expect(runBundleFileName(bundle)).toBe('cqbench-run-attitude-m1-run-1.json');
  });

  it('flags a bundle whose stated score was changed, and shows the recomputed one', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { scores: { cells: { score: number }[] } };
    data.scores.cells[0]!.score = 0.99;
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
    expect(problemsOf(check)[0]).toContain('attitude/social: the stated score (stated 0.99, recomputed 0.5)');
    expect(check.aggregate.cells[0]!.score).toBe(0.5);
  });

  it('flags a bundle whose outputs were changed after export', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { results: { output: string }[] };
    data.results[1]!.output = 'disagree';
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
    expect(problemsOf(check)).toContain('the raw outputs do not match their stated hash');
    expect(problemsOf(check).some((p) => p.includes('recomputed'))).toBe(true);
  });

  it('rescores a bundle of another scorer version: recomputed, marked, never read as edited', async () => {
    // As an earlier scorer would have written it: another version, and other figures.
    const data = JSON.parse(await attitudeBundleText()) as {
      scores: { scorerVersion: string; cells: { score: number }[] };
    };
    data.scores.scorerVersion = 'cqbench-scorer-2';
    for (const cell of data.scores.cells) cell.score = 0.25;
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
    expect(check.status).toEqual({ state: 'rescored', from: 'cqbench-scorer-2', to: SCORER_VERSION });
    expect(check.aggregate.cells.find((c) => c.category === OVERALL)?.score).toBe(0.5);
    expect(check.aggregate.scorerVersion).toBe(SCORER_VERSION);
    if (check.status.state === 'rescored')
      expect(rescoredMark(check.status)).toBe(`rescored (scorer v2 → ${scorerLabel(SCORER_VERSION)})`);
  });

  it('reads a bundle of another scorer version whose raw outputs were edited as edited', async () => {
    const data = JSON.parse(await attitudeBundleText()) as {
      scores: { scorerVersion: string };
      results: { output: string }[];
    };
    data.scores.scorerVersion = 'cqbench-scorer-2';
    data.results[1]!.output = 'disagree';
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
    expect(problemsOf(check)).toEqual([
      'the raw outputs do not match their stated hash',
      'its stated scores come from scorer v2 and were recomputed'
    ]);
  });

  it('names scorer versions as people read them', () => {
    expect(scorerLabel('cqbench-scorer-3')).toBe('v3');
    expect(scorerLabel('cqbench-scorer-12')).toBe('v12');
    expect(scorerLabel('someone-elses-scorer')).toBe('someone-elses-scorer');
    expect(rescoredMark({ from: 'cqbench-scorer-3', to: 'cqbench-scorer-4' })).toBe(
      'rescored (scorer v3 → v4)'
    );
  });

  it('flags an edited run: model renamed, sampling changed, status or date changed', async () => {
    type Data = {
      run: {
        config: { model: { model: string }; sampling: { temperature: number } };
        status: string;
        createdAt: string;
      };
    };
    const edits: ((d: Data) => void)[] = [
      (d) => (d.run.config.model.model = 'a-better-model'),
      (d) => (d.run.config.sampling.temperature = 0),
      (d) => (d.run.status = 'stopped'),
      (d) => (d.run.createdAt = '2020-01-01T00:00:00.000Z')
    ];
    const text = await attitudeBundleText();
    for (const edit of edits) {
      const data = JSON.parse(text) as Data;
      edit(data);
      const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
      expect(problemsOf(check)).toContain(
        'the run (model, settings, status or date) does not match its stated hash'
      );
    }
  });

  it('flags stated outcomes, coverage, response counts or metric that differ from the recomputed', async () => {
    type Cell = {
      metric: string;
      coverage: number;
      responded: number;
      outcomes: { correct: number };
      corrected?: unknown;
    };
    const edits: [(c: Cell) => void, string][] = [
      [(c) => (c.outcomes.correct += 5), 'outcomes'],
      [(c) => (c.coverage = 0.5), 'coverage'],
      [(c) => (c.responded -= 1), 'responses'],
      [(c) => (c.metric = 'f1'), 'metric'],
      [(c) => (c.corrected = { score: 1, interval: { low: 1, high: 1 } }), 'corrected score']
    ];
    const text = await attitudeBundleText();
    for (const [edit, field] of edits) {
      const data = JSON.parse(text) as { scores: { cells: Cell[] } };
      edit(data.scores.cells[0]!);
      const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET, SPLIT);
      expect(problemsOf(check)).toEqual([
        `attitude/social: the stated ${field} disagree with the recomputed`
      ]);
    }
  });

  it('refuses a bundle of the earlier format, asking for a new export', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { version: number };
    data.version = 1;
    expect(formatError(() => readRunBundle('run.json', JSON.stringify(data))).message).toContain(
      'export the run again'
    );
  });

  it('cannot carry an API key or anything else outside the schema', async () => {
    const data = JSON.parse(await attitudeBundleText()) as {
      run: { config: { model: Record<string, string> } };
    };
    data.run.config.model.apiKey = 'sk-secret';
    const e = formatError(() => readRunBundle('run.json', JSON.stringify(data)));
    expect(e.message).toContain('run.json');
    expect(e.message).toContain('run.config.model');
    const top = JSON.parse(await attitudeBundleText()) as Record<string, unknown>;
    top.apiKey = 'sk-secret';
    expect(() => readRunBundle('run.json', JSON.stringify(top))).toThrow(FormatError);
  });

  it('refuses to export a configuration that carries anything extra', async () => {
    const config = await configFor('attitude');
    const smuggled = { ...config, model: { ...config.model, apiKey: 'sk-secret' } };
    await expect(exportRunBundle(runInput('r', smuggled, []))).rejects.toThrow();
  });

  it('names the file and the field of a malformed bundle', async () => {
    expect(formatError(() => readRunBundle('x.json', '[1]')).message).toContain('x.json');
    expect(formatError(() => readRunBundle('x.json', '{"format":"other"}')).message).toContain(
      'not a cqbench-run'
    );
    const data = JSON.parse(await attitudeBundleText()) as { results: { attempts: unknown }[] };
    data.results[2]!.attempts = 'many';
    expect(formatError(() => readRunBundle('x.json', JSON.stringify(data))).message).toContain(
      'results[2].attempts'
    );
  });

  it('refuses to score a bundle on a dataset other than its own', async () => {
    const bundle = readRunBundle('run.json', await attitudeBundleText());
    const { social } = DATASET.categories;
    await expect(
      verifyRunBundle(bundle, { ...DATASET, categories: { social: social! } }, SPLIT, 'local', 'run.json')
    ).rejects.toThrow(/run\.json.*items differ/);
  });

  it('carries a value-extraction run with its judging and reviews', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const judging = {
      id: 'j1',
      config: judgingConfig('r1'),
      results: [result('social/0', judgeReply([1, 0]))]
    };
    const reviews = [
      { runId: 'r1', itemKey: 'social/0', gold: 1, verdict: 1 as const, at: '2026-11-27T12:00:00.000Z' }
    ];
    const input = runInput('r1', config, results(keys, ['[Final answer]: x', '', '']), { judging, reviews });
    const bundle = readRunBundle('b.json', runBundleText(await exportRunBundle(input)));
    expect(bundle.judgings?.[0]?.id).toBe('j1');
    const check = await verifyRunBundle(bundle, DATASET, SPLIT);
    expect(check.status).toEqual({ state: 'verified' });
    expect(check.aggregate.cells.find((c) => c.category === OVERALL)?.corrected?.score).toBe(0.5);
  });
});
