import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { FormatError } from '../format-error';
import { computeRunAggregate } from './aggregate';
import { exportRunBundle, readRunBundle, runBundleText } from './bundle';
import { importItemCsv, itemResultsCsv, leaderboardCsv } from './csv';
import { DEFAULT_FILTER } from './filters';
import { buildLeaderboard } from './leaderboard';
import {
  exportReleaseResults,
  importReleaseResults,
  parseReleaseResultsName,
  releaseResultsName
} from './release-results';
import { reportedRows } from './reference';
import { scoreRun } from './score';
import { configFor, DATASET, results, runInput, V } from './testing';

async function rejection(p: Promise<unknown>): Promise<FormatError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

const META = { model: 'my-model', appVersion: 'test', now: '2026-11-27T12:00:00.000Z' };

describe('release results files', () => {
  it('are named as the release names them, with the setting in the name', () => {
    expect(releaseResultsName('attitude', 'social', { reasoning: false, shots: 0 })).toBe(
      'results_1_social.json'
    );
    expect(releaseResultsName('selection', 'political', { reasoning: true, shots: 1 })).toBe(
      'results_2_politic_reasoning_one_shot.json'
    );
    expect(parseReleaseResultsName('results_2_social_reasoning.json')).toEqual({
      task: 'selection',
      category: 'social',
      reasoning: true,
      shots: 0
    });
    expect(parseReleaseResultsName('results_1_politic.json')?.category).toBe('political');
    expect(parseReleaseResultsName('results_1_social_reasoning_sft.json')).toBeUndefined();
    expect(parseReleaseResultsName('results_4_social.json')).toBeUndefined();
  });

  it('round trip: a run exported as results arrays imports as the same outputs', async () => {
    const config = await configFor('attitude', {
      prompt: { reasoning: true, shots: 1, systemPrompt: 'x', templateHash: 'b'.repeat(64) }
    });
    const keys = planKeys(DATASET, 'attitude');
    const outputs = ['[Answer]: agree', 'x,\n"y"', '[Answer]: disagree', null, '[Answer]: agree', '…'];
    const files = exportReleaseResults(runInput('r', config, results(keys, outputs)));
    expect(files.map((f) => f.name)).toEqual([
      'results_1_social_reasoning_one_shot.json',
      'results_1_ethical_reasoning_one_shot.json'
    ]);
    // Dataset order, and a missing output written as "".
    expect(JSON.parse(files[0]!.text)).toEqual(['[Answer]: agree', 'x,\n"y"', '[Answer]: disagree', '']);
    const imported = await importReleaseResults(files, DATASET, META);
    expect(imported.results.map((r) => r.output)).toEqual(outputs.map((o) => o ?? ''));
    expect(imported.results.map((r) => r.itemKey)).toEqual(keys);
    expect(imported.config).toMatchObject({
      task: 'attitude',
      categories: ['social', 'ethical'],
      prompt: { reasoning: true, shots: 1 },
      model: { provider: 'imported', model: 'my-model' },
      dataset: { sha256: config.dataset.sha256 },
      createdAt: META.now
    });
  });

  it('imports one category as a run of that category only', async () => {
    const files = [{ name: 'results_2_politic.json', text: '["a"]' }];
    await expect(importReleaseResults(files, DATASET, META)).rejects.toThrow(/no category political/);
    const one = await importReleaseResults(
      [{ name: 'results_2_ethical.json', text: JSON.stringify([V.money]) }],
      DATASET,
      META
    );
    expect(one.config.categories).toEqual(['ethical']);
    expect(one.results).toEqual([
      { itemKey: 'ethical/0', output: V.money, latencyMs: 0, attempts: 1, finishedAt: META.now }
    ]);
  });

  it('refuses, all or nothing, files that do not fit, naming the file', async () => {
    const good = { name: 'results_1_social.json', text: '["a","b","c","d"]' };
    expect(
      (
        await rejection(
          importReleaseResults([good, { name: 'results_1_ethical.json', text: '["a"]' }], DATASET, META)
        )
      ).message
    ).toMatch(/^results_1_ethical\.json: 1 outputs, but ethical has 2 items/);
    expect(
      (
        await rejection(
          importReleaseResults(
            [good, { name: 'results_1_ethical_reasoning.json', text: '["a","b"]' }],
            DATASET,
            META
          )
        )
      ).message
    ).toContain('setting differs');
    expect(
      (
        await rejection(
          importReleaseResults([{ name: 'results_1_social.json', text: '["a", 2, "c", "d"]' }], DATASET, META)
        )
      ).message
    ).toContain('results_1_social.json: item 1');
    expect(
      (await rejection(importReleaseResults([{ name: 'outputs.json', text: '[]' }], DATASET, META))).message
    ).toContain('not a results file name');
    expect(
      (await rejection(importReleaseResults([good], DATASET, { ...META, model: ' ' }))).message
    ).toContain('name of the model');
  });
});

describe('CSV', () => {
  const tricky = ['agree, "really"', 'line one\nline two', '=SUM(A1)', null, '', 'plain'];

  it('per-item results round trip, quotes, commas and line breaks included', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const scored = scoreRun(runInput('r1', config, results(keys, tricky)));
    const csv = itemResultsCsv('r1', scored);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(6);
    expect(parsed.data[0]).toMatchObject({
      run_id: 'r1',
      item_key: 'social/0/0',
      category: 'social',
      story: '1',
      story_title: '',
      question: 'Family comes before work',
      gold_answer: 'agree',
      raw_output: 'agree, "really"',
      read_as: 'agree',
      outcome: 'correct',
      verdict: 'correct',
      score: '1'
    });
    expect(parsed.data[3]).toMatchObject({ raw_output: '', outcome: 'error', verdict: 'no response' });

    const back = await importItemCsv('items.csv', csv, DATASET, {
      ...META,
      task: 'attitude',
      reasoning: false,
      shots: 0
    });
    // The item without a response stays without one; every other output comes back exactly.
    expect(back.results.map((r) => [r.itemKey, r.output])).toEqual(
      keys.flatMap((k, i) => (tricky[i] === null ? [] : [[k, tricky[i]]]))
    );
    const rescored = scoreRun({ config: back.config, dataset: DATASET, results: back.results });
    expect(rescored.items.map((i) => i.outcome)).toEqual(scored.items.map((i) => i.outcome));
  });

  it('per-item: an output a spreadsheet would run as a formula is written inert, and reads back as written', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const formulas = [
      '=HYPERLINK("http://x","y")',
      '+1+cmd|/c calc',
      "'=already quoted",
      '@SUM(A1)',
      '\tx',
      '-2'
    ];
    const scored = scoreRun(runInput('r1', config, results(keys, formulas)));
    const csv = itemResultsCsv('r1', scored);
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    // As a spreadsheet reads the file: no cell starts with a formula character.
    expect(rows.map((r) => r.raw_output)).toEqual(formulas.map((f) => `'${f}`));
    expect(rows.every((r) => Object.values(r).every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
    // Numbers stay numbers: the story number and the score are not escaped.
    expect(rows[0]?.story).toBe('1');
    expect(rows[0]?.score).toMatch(/^[01]$/);
    const back = await importItemCsv('items.csv', csv, DATASET, {
      ...META,
      task: 'attitude',
      reasoning: false,
      shots: 0
    });
    expect(back.results.map((r) => r.output)).toEqual(formulas);
  });

  it('import names the line of an unknown or repeated item key', async () => {
    const csv = 'item_key,raw_output\nsocial/0/0,"a\nb"\nsocial/9/9,x\n';
    const opts = { ...META, task: 'attitude' as const, reasoning: false, shots: 0 as const };
    expect((await rejection(importItemCsv('i.csv', csv, DATASET, opts))).message).toBe(
      'i.csv: line 4: unknown item key "social/9/9" (not an item of attitude in fixture)'
    );
    const twice = 'item_key,raw_output\r\nsocial/0/0,a\r\n\r\nsocial/0/0,b\r\n';
    expect((await rejection(importItemCsv('i.csv', twice, DATASET, opts))).message).toBe(
      'i.csv: line 4: item key "social/0/0" is listed twice'
    );
    expect((await rejection(importItemCsv('i.csv', 'key,output\na,b\n', DATASET, opts))).message).toContain(
      'no "item_key" column'
    );
    const one = await importItemCsv('i.csv', 'item_key,raw_output\nethical/0/1,agree\n', DATASET, opts);
    expect(one.config.categories).toEqual(['ethical']);
  });

  it('leaderboard: one line per row and cell, with interval, rank and provenance', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, results(keys, tricky)));
    const view = buildLeaderboard(
      [aggregate],
      reportedRows({
        source: 'The paper, "quoted"',
        note: 'n',
        rows: [{ model: 'o1', task: 'attitude-detection', metric: 'F1', value: 0.622, where: 'abstract, v1' }]
      }),
      // The failed item makes the run partial: ranked only on request.
      { ...DEFAULT_FILTER, partial: true }
    );
    const rows = Papa.parse<Record<string, string>>(leaderboardCsv(view), {
      header: true,
      skipEmptyLines: true
    }).data;
    expect(rows).toHaveLength(4);
    const reported = rows.find((r) => r.row_type === 'reported')!;
    expect(reported).toMatchObject({
      row: 'o1',
      prompt: 'not stated',
      category: 'overall',
      score: '0.622',
      ci_low: '',
      source: 'The paper, "quoted"; abstract, v1'
    });
    const run = rows.find((r) => r.row_type === 'run' && r.category === 'social')!;
    expect(run).toMatchObject({
      model: 'm1',
      host: 'api.example.com',
      kind: 'remote',
      prompt: 'plain',
      rank: '1',
      run_id: 'r1',
      interval_kind: '95% confidence interval',
      responded: '3',
      items: '4',
      run_status: 'done'
    });
    expect(Number(run.ci_low)).toBeLessThan(Number(run.score));
  });

  it('leaderboard: a model name that looks like a formula is quoted, not run by a spreadsheet', async () => {
    const config = await configFor('attitude', {
      model: { provider: 'imported', model: '=HYPERLINK("http://x","y")' }
    });
    const keys = planKeys(DATASET, 'attitude');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, results(keys, tricky)));
    const csv = leaderboardCsv(buildLeaderboard([aggregate], [], DEFAULT_FILTER));
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows[0]!.model).toBe(`'=HYPERLINK("http://x","y")`);
    expect(rows[0]!.row).toMatch(/^'=/);
  });
});

describe('run bundles with repeated items', () => {
  it('are refused, naming the item and both places, so a repeated answer is never scored twice', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const bundle = await exportRunBundle(runInput('r1', config, results(keys, ['agree', 'disagree'])));
    const text = runBundleText({ ...bundle, results: [...bundle.results, ...bundle.results] });
    const error = await rejection(Promise.resolve().then(() => readRunBundle('big.json', text)));
    const second = String(bundle.results.length);
    expect(error.message).toBe(
      `big.json: field "results[${second}].itemKey": a second result for item social/0/0 (the first is result 0)`
    );
  });
});
