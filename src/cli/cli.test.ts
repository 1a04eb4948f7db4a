import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli';
import { spawnCli } from '../../tests/unit/cli-harness';
import { loadHard, loadShipped } from './shipped-from-disk';
import { releaseFilesOf } from '../lib/core/dataset/shipped-benchmark';
import { hardReleaseFilesOf } from '../lib/core/dataset/hard-release';
import { readReleaseBundle } from '../lib/core/formats/bundle';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../lib/core/schema/value';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'cqbench-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const write = (name: string, data: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
};

const setting1 = write('dataset_setting1_social.json', [
  {
    story: 's',
    questions: [
      { value: 'A', options: [' agree ', ' neither agree or disagree ', ' disagree'], 'gold label': 'agree' },
      { value: 'B', options: [' Very often', ' Not often', ' Not at all often'], 'gold label': 'Not often' }
    ]
  }
]);
const options = Array.from(
  { length: 15 },
  (_, i) => `Statement number ${String.fromCharCode(65 + i)}--agree`
);
const setting2 = write('dataset_setting2_social.json', [
  { story: 's', options, values: options.slice(0, 2) },
  { story: 't', options, values: [] }
]);

describe('cqbench score', () => {
  it('scores attitude answers and prints one JSON object with per-item verdicts', async () => {
    const predictions = write('results_1_social.json', ['Agree', "'not often'"]);
    const { code, out } = await run(
      'score',
      '--task',
      'attitude',
      '--dataset',
      setting1,
      '--predictions',
      predictions,
      '--json'
    );
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      task: string;
      n: number;
      accuracy: number;
      items: { correct: boolean }[];
    };
    expect(result).toMatchObject({ task: 'attitude', n: 2, accuracy: 1 });
    expect(result.items.map((i) => i.correct)).toEqual([true, true]);
  });

  it('reads reasoning outputs only after their marker', async () => {
    const predictions = write('results_1_social_reasoning.json', [
      'I agree. [Answer]: disagree',
      'Not often'
    ]);
    const { out } = await run(
      'score',
      '--task',
      'attitude',
      '--dataset',
      setting1,
      '--predictions',
      predictions,
      '--reasoning',
      '--json'
    );
    const result = JSON.parse(out) as { items: { correct: boolean; outcome: string }[] };
    expect(result.items.map((i) => i.outcome)).toEqual(['wrong', 'unparseable']);
  });

  it('scores selection answers, skipping items without gold values', async () => {
    const predictions = write('results_2_social.json', [`${options[0]!}\n${options[5]!}`, 'anything']);
    const { out } = await run(
      'score',
      '--task',
      'selection',
      '--dataset',
      setting2,
      '--predictions',
      predictions,
      '--json'
    );
    const result = JSON.parse(out) as {
      n: number;
      scored: number;
      precision: number;
      recall: number;
      f1: number;
      items: unknown[];
    };
    expect(result).toMatchObject({ n: 2, scored: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(result.items[1]).toMatchObject({ skipped: true });
  });

  it('prints a short table without --json', async () => {
    const predictions = write('results_1_social_b.json', ['agree', 'very often']);
    const { out } = await run(
      'score',
      '--task',
      'attitude',
      '--dataset',
      setting1,
      '--predictions',
      predictions
    );
    expect(out).toMatch(/^accuracy\s+0\.5000 {2}\(1\/2/m);
  });

  it('warns when outputs and items differ in number, and scores the common prefix as the release does', async () => {
    const predictions = write('results_1_social_c.json', ['agree']);
    const { out, err } = await run(
      'score',
      '--task',
      'attitude',
      '--dataset',
      setting1,
      '--predictions',
      predictions,
      '--json'
    );
    expect(JSON.parse(out)).toMatchObject({ n: 1, accuracy: 1 });
    expect(err).toContain('has 1 outputs but');
  });

  it.each([
    [['score', '--task', 'attitude', '--bogus'], 'unknown flag --bogus'],
    [
      ['score', '--task', 'judging', '--dataset', 'x', '--predictions', 'y'],
      '--task must be one of attitude, selection'
    ],
    [['score', '--task', 'attitude', '--predictions', 'y'], '--dataset is required'],
    [
      ['score', '--task', 'attitude', '--dataset', setting1, '--predictions', join(dir, 'missing.json')],
      'no such file'
    ],
    [['frobnicate'], 'unknown command "frobnicate"']
  ])('%j fails with one clear line and exit code 2', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err.split('\n')).toHaveLength(1);
  });

  it('names the file, the item and the field of malformed input', async () => {
    const bad = write('bad_predictions.json', ['fine', 7]);
    const { code, err } = await run(
      'score',
      '--task',
      'attitude',
      '--dataset',
      setting1,
      '--predictions',
      bad
    );
    expect(code).toBe(2);
    expect(err).toBe(`error: ${bad}: item 1: Invalid input: expected string, received number`);
    const notJson = write('not_json.json', '[1,');
    expect(
      (
        await run(
          'score',
          '--task',
          'attitude',
          '--dataset',
          notJson,
          '--predictions',
          write('ok.json', ['a'])
        )
      ).err
    ).toContain('not valid JSON');
  });

  it('exits 2 as a real process too', async () => {
    const result = await spawnCli(['score', '--nope']).done;
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.trim()).toMatch(/^error: score: unknown flag --nope/);
  }, 30_000);
});

describe('cqbench export and import', () => {
  it('exports three release files per category, which score 1.0 on their own gold values', async () => {
    const out = join(dir, 'export');
    expect((await run('export', '--format', 'release', '--out', out)).code).toBe(0);
    // 18 files of the standard split, and the hard split's folder.
    expect(readdirSync(out).filter((f) => f.endsWith('.json'))).toHaveLength(18);
    expect(readdirSync(join(out, 'hard')).filter((f) => f.endsWith('.json'))).toHaveLength(18);
    const s2 = join(out, 'dataset_setting2_ethical.json');
    const gold = (JSON.parse(readFileSync(s2, 'utf8')) as { values: string[] }[]).map((i) =>
      i.values.join('\n')
    );
    const predictions = write('gold_2_ethical.json', gold);
    const scored = await run(
      'score',
      '--task',
      'selection',
      '--dataset',
      s2,
      '--predictions',
      predictions,
      '--json'
    );
    expect(JSON.parse(scored.out)).toMatchObject({ f1: 1, scored: 8 });
  });

  it('exports both splits whose files, read back as an import reads them, give the same items', async () => {
    const out = join(dir, 'export-splits');
    const exported = await run('export', '--format', 'release', '--out', out);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.err).toMatch(/hard social: 15 stories/);
    const bench = loadShipped();
    const hard = loadHard();
    for (const [folder, filesOf] of [
      [out, (c: ShippedCategory) => releaseFilesOf(bench, c)],
      [join(out, 'hard'), (c: ShippedCategory) => hardReleaseFilesOf(hard, bench, c)]
    ] as const) {
      const names = readdirSync(folder).filter((f) => f.endsWith('.json'));
      const reread = readReleaseBundle(
        names.map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }))
      );
      expect(reread.warnings).toEqual([]);
      for (const category of SHIPPED_CATEGORIES)
        expect(reread.categories[category], `${folder} ${category}`).toEqual(filesOf(category));
    }
    // The hard split's selection items are its own: red herrings among the options.
    const hardSocial = JSON.parse(
      readFileSync(join(out, 'hard', 'dataset_setting2_social.json'), 'utf8')
    ) as {
      options: string[];
    }[];
    const firstStory = hard.stories.social[0]!;
    for (const statement of firstStory.redHerrings)
      expect(hardSocial[0]!.options.some((o) => o.startsWith(`${statement}--`))).toBe(true);

    const only = join(dir, 'export-hard');
    expect((await run('export', '--format', 'release', '--out', only, '--split', 'hard')).code).toBe(0);
    expect(readdirSync(only)).toEqual(['hard']);
    expect((await run('export', '--format', 'release', '--out', only, '--split', 'easy')).err).toMatch(
      /--split must be one of standard, hard, got "easy"/
    );
  });

  it('imports release files into a store, all or nothing', async () => {
    const store = join(dir, 'store');
    const ok = await run(
      'import',
      '--name',
      'mine',
      '--file',
      setting1,
      '--file',
      setting2,
      '--store',
      store
    );
    expect(ok.code).toBe(0);
    expect(readdirSync(join(store, 'mine')).sort()).toEqual([
      'dataset_setting1_social.json',
      'dataset_setting2_social.json'
    ]);

    const broken = write('dataset_social_original.json', [{ story: 's', values: [] }]);
    const failed = await run(
      'import',
      '--name',
      'other',
      '--file',
      setting1,
      '--file',
      broken,
      '--store',
      store
    );
    expect(failed.code).toBe(2);
    expect(failed.err).toContain('dataset_social_original.json: item 0, field "original_values"');
    expect(readdirSync(store)).toEqual(['mine']);
  });
});

describe('cqbench run with a baseline', () => {
  it('resumes a run file whose baseline an older version recorded by name alone', async () => {
    const out = join(dir, 'legacy-random.jsonl');
    const args = ['run', '--provider', 'random', '--seed', '3', '--task', 'attitude', '--dataset', setting1];
    expect((await run(...args, '--out', out)).code).toBe(0);
    const [header, first] = readFileSync(out, 'utf8').trim().split('\n');
    const parsed = JSON.parse(header!) as { config: { model: Record<string, unknown> } };
    expect(parsed.config.model).toEqual({
      provider: 'baseline',
      model: 'uniform-random:seed=3',
      baseline: { kind: 'uniform-random', seed: 3 }
    });
    // As the version before structured baseline settings wrote it, with one answer still to ask.
    parsed.config.model = { provider: 'baseline', model: 'uniform-random:seed=3' };
    writeFileSync(out, `${JSON.stringify(parsed)}\n${first!}\n`);
    const resumed = await run(...args, '--out', out, '--resume');
    expect(resumed.err).toContain('1 responses already stored');
    expect(resumed.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    const other = await run(...args.map((a) => (a === '3' ? '4' : a)), '--out', out, '--resume');
    expect(other.code).not.toBe(0);
    expect(other.err).toMatch(/started with other settings \(model, sampling\)/);
  });
});
