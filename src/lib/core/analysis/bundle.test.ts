import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { FormatError } from '../format-error';
import { exportRunBundle, readRunBundle, runBundleFileName, runBundleText, verifyRunBundle } from './bundle';
import { SCORER_VERSION } from './aggregate';
import { OVERALL } from './identity';
import { configFor, DATASET, judgeReply, judgingConfig, result, results, runInput } from './testing';

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
    const check = await verifyRunBundle(bundle, DATASET, 'published');
    expect(check).toMatchObject({ problems: [], tampered: false });
    expect(check.aggregate.origin).toBe('published');
    // Right: social/0/0, social/1/0, and the last answer (it reads as "agree").
    expect(check.aggregate.cells.find((c) => c.category === OVERALL)?.score).toBe(0.5);
    expect(check.scored.items).toHaveLength(6);
    expect(runBundleFileName(bundle)).toBe('cqbench-run-attitude-m1-run-1.json');
  });

  it('flags a bundle whose stated score was changed, and shows the recomputed one', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { scores: { cells: { score: number }[] } };
    data.scores.cells[0]!.score = 0.99;
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET);
    expect(check.tampered).toBe(true);
    expect(check.problems[0]).toContain('attitude/social: the stated score (stated 0.99, recomputed 0.5)');
    expect(check.aggregate.cells[0]!.score).toBe(0.5);
  });

  it('flags a bundle whose outputs were changed after export', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { results: { output: string }[] };
    data.results[1]!.output = 'disagree';
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET);
    expect(check.tampered).toBe(true);
    expect(check.problems).toContain('the raw outputs do not match their stated hash');
    expect(check.problems.some((p) => p.includes('recomputed'))).toBe(true);
  });

  it('flags scores stated by another scorer version', async () => {
    const data = JSON.parse(await attitudeBundleText()) as { scores: { scorerVersion: string } };
    data.scores.scorerVersion = 'cqbench-scorer-0';
    const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET);
    expect(check.problems).toEqual([
      `the stated scores come from scorer cqbench-scorer-0, not ${SCORER_VERSION}`
    ]);
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
      const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET);
      expect(check.tampered).toBe(true);
      expect(check.problems).toContain(
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
      const check = await verifyRunBundle(readRunBundle('run.json', JSON.stringify(data)), DATASET);
      expect(check.tampered).toBe(true);
      expect(check.problems).toEqual([`attitude/social: the stated ${field} disagree with the recomputed`]);
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
      verifyRunBundle(bundle, { ...DATASET, categories: { social: social! } }, 'local', 'run.json')
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
    const check = await verifyRunBundle(bundle, DATASET);
    expect(check.tampered).toBe(false);
    expect(check.aggregate.cells.find((c) => c.category === OVERALL)?.corrected?.score).toBe(0.5);
  });
});
