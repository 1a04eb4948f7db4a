import { describe, expect, it } from 'vitest';
import { computeRunAggregate, type AggregateCell, type RunAggregate } from './aggregate';
import { planKeys } from '../dataset/run-dataset';
import { SHIPPED_DATASET_NAME } from '../dataset/view';
import { configFor, DATASET as DATASET_SOCIAL_ETHICAL, results, runInput, V } from './testing';
import { DEFAULT_FILTER, fromSearchParams, toSearchParams, type LeaderboardFilter } from './filters';
import { OVERALL, type RowIdentity } from './identity';
import { buildLeaderboard, rankColumn, type LeaderboardRow } from './leaderboard';

function identity(model: string, overrides: Partial<RowIdentity> = {}): RowIdentity {
  return {
    provider: 'openai',
    model,
    kind: 'remote',
    setting: { reasoning: false, shots: 0, systemPrompt: 'default' },
    settings: 'sampling-1',
    ...overrides
  };
}

function cell(
  category: string,
  score: number,
  half = 0.05,
  task: AggregateCell['task'] = 'attitude'
): AggregateCell {
  return {
    task,
    category,
    metric: task === 'attitude' ? 'accuracy' : task === 'selection' ? 'f1' : 'judge',
    score,
    interval: { low: score - half, high: score + half },
    n: 100,
    coverage: 1,
    outcomes: { correct: 0, wrong: 0, unparseable: 0, error: 0 },
    responded: 100,
    total: 100
  };
}

function aggregate(
  runId: string,
  id: RowIdentity,
  cells: AggregateCell[],
  extra: Partial<RunAggregate> = {}
): RunAggregate {
  return {
    runId,
    scorerVersion: 'v',
    runUpdatedAt: '2026-11-27T10:00:00.000Z',
    origin: 'local',
    task: cells[0]?.task ?? 'attitude',
    status: 'done',
    createdAt: '2026-11-27T10:00:00.000Z',
    identity: id,
    dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
    categories: ['social'],
    split: ['social'],
    total: 100,
    responded: 100,
    cells,
    ...extra
  };
}

const filter = (f: Partial<LeaderboardFilter> = {}): LeaderboardFilter => ({ ...DEFAULT_FILTER, ...f });

describe('leaderboard rows', () => {
  it('groups runs by model and setting, one cell per task and category', () => {
    const view = buildLeaderboard(
      [
        aggregate('a1', identity('m1'), [cell('social', 0.6), cell(OVERALL, 0.6)]),
        aggregate('a2', identity('m1'), [cell(OVERALL, 0.4, 0.05, 'selection')], { task: 'selection' }),
        aggregate('b1', identity('m1', { setting: { reasoning: true, shots: 0, systemPrompt: 'default' } }), [
          cell(OVERALL, 0.7)
        ])
      ],
      [],
      filter()
    );
    expect(view.rows).toHaveLength(2);
    const plain = view.rows.find((r) => r.label.includes('plain'))!;
    expect(Object.keys(plain.cells).sort()).toEqual(['attitude/_all', 'attitude/social', 'selection/_all']);
    expect(plain.runIds.sort()).toEqual(['a1', 'a2']);
    expect(view.columns.map((c) => c.key)).toEqual(['attitude/_all', 'attitude/social', 'selection/_all']);
  });

  it('shows a finished run before a newer stopped one, and counts the candidates', () => {
    const view = buildLeaderboard(
      [
        aggregate('old-done', identity('m1'), [cell(OVERALL, 0.5)], {
          createdAt: '2026-01-01T00:00:00.000Z'
        }),
        aggregate('new-stopped', identity('m1'), [cell(OVERALL, 0.9)], {
          status: 'stopped',
          createdAt: '2026-06-01T00:00:00.000Z'
        })
      ],
      [],
      filter()
    );
    const c = view.rows[0]!.cells['attitude/_all']!;
    expect(c).toMatchObject({ runId: 'old-done', score: 0.5, candidates: 2 });
  });

  it('takes the overall cell from the run covering the most categories', () => {
    const view = buildLeaderboard(
      [
        aggregate('all', identity('m1'), [cell('social', 0.5), cell('ethical', 0.3), cell(OVERALL, 0.4)], {
          categories: ['social', 'ethical'],
          createdAt: '2026-01-01T00:00:00.000Z'
        }),
        aggregate('social-only', identity('m1'), [cell('social', 0.8), cell(OVERALL, 0.8)], {
          createdAt: '2026-06-01T00:00:00.000Z'
        })
      ],
      [],
      filter()
    );
    const cells = view.rows[0]!.cells;
    expect(cells['attitude/social']).toMatchObject({ runId: 'social-only', score: 0.8 });
    expect(cells['attitude/_all']).toMatchObject({
      runId: 'all',
      score: 0.4,
      categories: ['social', 'ethical']
    });
  });

  it('never lets a cancelled run take a cell from a finished one, and marks its partial cells', async () => {
    // A finished run on social only (all right) and a newer cancelled run over social and
    // ethical that answered 1 of 6 items.
    const keys = planKeys(DATASET_SOCIAL_ETHICAL, 'attitude');
    const socialOnly = {
      ...DATASET_SOCIAL_ETHICAL,
      categories: { social: DATASET_SOCIAL_ETHICAL.categories.social! }
    };
    const configA = await configFor('attitude', { createdAt: '2026-01-01T00:00:00.000Z' }, socialOnly);
    const configB = await configFor('attitude', { createdAt: '2026-06-01T00:00:00.000Z' });
    const a = await computeRunAggregate({
      ...runInput(
        'A',
        configA,
        results(planKeys(socialOnly, 'attitude'), ['agree', 'disagree', 'agree', 'agree'])
      ),
      dataset: socialOnly
    });
    const b = await computeRunAggregate(
      runInput('B', configB, results(keys, ['agree']), { status: 'cancelled' })
    );
    // Different categories, so different dataset hashes, but the same dataset: one row.
    expect(a.aggregate.dataset.sha256).not.toBe(b.aggregate.dataset.sha256);
    const view = buildLeaderboard([a.aggregate, b.aggregate], [], filter());
    expect(view.rows).toHaveLength(1);
    const cells = view.rows[0]!.cells;
    expect(cells['attitude/social']).toMatchObject({ runId: 'A', score: 1, responded: 4, total: 4 });
    // A social-only run never fills the overall column; only B asked the whole split, and its
    // overall cell is partial: shown, not ranked.
    expect(cells['attitude/_all']).toMatchObject({ runId: 'B', responded: 1, total: 6, status: 'cancelled' });
    expect(cells['attitude/_all']!.rank).toBeUndefined();
    // Ethical was never asked: no cell at all, not 0.000.
    expect(cells['attitude/ethical']).toBeUndefined();
    // On its own, the cancelled run's cells say they are partial.
    const alone = buildLeaderboard([b.aggregate], [], filter()).rows[0]!.cells;
    expect(alone['attitude/_all']).toMatchObject({ runId: 'B', responded: 1, total: 6, status: 'cancelled' });
  });

  it('pools the overall cell from the items of one-category runs that together make the whole split', async () => {
    const only = (c: string) => ({
      ...DATASET_SOCIAL_ETHICAL,
      categories: { [c]: DATASET_SOCIAL_ETHICAL.categories[c]! }
    });
    const scoreOn = async (id: string, category: string, outputs: string[]) => {
      const dataset = only(category);
      const config = await configFor('attitude', {}, dataset);
      return (
        await computeRunAggregate({
          ...runInput(id, config, results(planKeys(dataset, 'attitude'), outputs)),
          dataset
        })
      ).aggregate;
    };
    // social: 4 questions, 3 right; ethical: 2 questions, 0 right. Averaging the two cells
    // would give (0.75 + 0) / 2 = 0.375; the items give 3 / 6 = 0.5.
    const social = await scoreOn('S', 'social', ['agree', 'agree', 'agree', 'agree']);
    const ethical = await scoreOn('E', 'ethical', ['agree', 'disagree']);
    expect(social.cells.map((c) => c.category)).toEqual(['social']);
    const alone = buildLeaderboard([social], [], filter()).rows[0]!.cells;
    expect(alone['attitude/_all']).toBeUndefined();

    const cells = buildLeaderboard([social, ethical], [], filter()).rows[0]!.cells;
    const overall = cells['attitude/_all']!;
    expect(overall.score).toBeCloseTo(0.5, 12);
    expect(overall).toMatchObject({ n: 6, responded: 6, total: 6 });
    expect(overall.sources).toEqual([
      { runId: 'S', categories: ['social'] },
      { runId: 'E', categories: ['ethical'] }
    ]);
    expect(overall.rank).toEqual({ rank: 1, tied: false, group: 1 });
  });

  it('pools value selection from its stories, as one run over both categories scores them', async () => {
    const all = DATASET_SOCIAL_ETHICAL;
    const outputs = [V.family, V.church, V.money];
    const whole = await computeRunAggregate(
      runInput('W', await configFor('selection'), results(planKeys(all, 'selection'), outputs))
    );
    const parts = await Promise.all(
      (['social', 'ethical'] as const).map(async (c, i) => {
        const dataset = { ...all, categories: { [c]: all.categories[c]! } };
        const keys = planKeys(dataset, 'selection');
        const picked = i === 0 ? outputs.slice(0, 2) : outputs.slice(2);
        const config = await configFor('selection', {}, dataset);
        return (await computeRunAggregate({ ...runInput(c, config, results(keys, picked)), dataset }))
          .aggregate;
      })
    );
    const pooled = buildLeaderboard(parts, [], filter()).rows[0]!.cells['selection/_all']!;
    const direct = whole.aggregate.cells.find((c) => c.category === OVERALL)!;
    expect(pooled.score).toBeCloseTo(direct.score, 12);
    expect(pooled.n).toBe(direct.n);
  });

  it('ranks partial cells only when asked, and never puts runs of other sampling in one row', () => {
    const partial = aggregate('P', identity('m2'), [{ ...cell(OVERALL, 0.9), responded: 14, total: 40 }], {
      status: 'cancelled'
    });
    const done = aggregate('D', identity('m1'), [cell(OVERALL, 0.5)]);
    const shown = buildLeaderboard([partial, done], [], filter());
    const row = (v: typeof shown, id: string) => v.rows.find((r) => r.runIds.includes(id))!;
    expect(row(shown, 'P').cells['attitude/_all']!.rank).toBeUndefined();
    expect(row(shown, 'D').cells['attitude/_all']!.rank).toEqual({ rank: 1, tied: false, group: 1 });
    const ranked = buildLeaderboard([partial, done], [], filter({ partial: true }));
    expect(row(ranked, 'P').cells['attitude/_all']!.rank?.rank).toBe(1);
    expect(row(ranked, 'D').cells['attitude/_all']!.rank?.rank).toBe(2);

    const other = aggregate('T0', identity('m1', { settings: 'sampling-2' }), [cell('social', 0.3)]);
    const rows = buildLeaderboard([done, other], [], filter()).rows;
    expect(rows).toHaveLength(2);
  });

  it('keeps runs on different datasets in different rows, ranked apart, naming the dataset', () => {
    const other = { id: '7', name: 'my import', sha256: 'b'.repeat(64) };
    const view = buildLeaderboard(
      [
        aggregate('s', identity('m1'), [cell(OVERALL, 0.5, 0.01)]),
        aggregate('t', identity('m2'), [cell(OVERALL, 0.3, 0.01)]),
        aggregate('i', identity('m1'), [cell(OVERALL, 0.9, 0.01)], { dataset: other })
      ],
      [],
      filter()
    );
    expect(view.rows).toHaveLength(3);
    const imported = view.rows.find((r) => r.runIds.includes('i'))!;
    expect(imported.dataset).toEqual({ id: '7', name: 'my import', shipped: false });
    expect(imported.cells['attitude/_all']!.rank).toMatchObject({ rank: 1, tied: false });
    // 0.9 on another dataset does not push the shipped rows down.
    const shipped = view.rows.find((r) => r.runIds.includes('s'))!;
    expect(shipped.dataset).toEqual({
      id: 'shipped',
      name: SHIPPED_DATASET_NAME,
      shipped: true,
      split: 'standard'
    });
    expect(shipped.cells['attitude/_all']!.rank).toMatchObject({ rank: 1 });
    expect(view.rows.find((r) => r.runIds.includes('t'))!.cells['attitude/_all']!.rank?.rank).toBe(2);
  });

  it('reports filter values that match nothing, so they can be cleared', () => {
    const runs = [aggregate('r', identity('m'), [cell('social', 0.5), cell(OVERALL, 0.5)])];
    const view = buildLeaderboard(
      runs,
      [],
      filter({
        dataset: 'gone',
        categories: ['foo', 'social'],
        providers: ['x'],
        tasks: ['selection'],
        models: ['m', 'gone-model']
      })
    );
    expect(view.rows).toEqual([]);
    expect(view.unmatched).toEqual({
      tasks: ['selection'],
      categories: ['foo'],
      providers: ['x'],
      kinds: [],
      models: ['gone-model'],
      dataset: 'gone'
    });
    expect(buildLeaderboard(runs, [], filter()).unmatched).toEqual({
      tasks: [],
      categories: [],
      providers: [],
      kinds: [],
      models: [],
      dataset: null
    });
  });

  it('lists runs without scores as problems, not rows', () => {
    const view = buildLeaderboard(
      [aggregate('x', identity('m1'), [], { problem: 'not judged yet' })],
      [],
      filter()
    );
    expect(view.rows).toEqual([]);
    expect(view.problems).toEqual([{ runId: 'x', label: 'm1 · plain · 0-shot', problem: 'not judged yet' }]);
  });

  it('filters rows by setting, kind, provider, model and dataset, and columns by task and category', () => {
    const runs = [
      aggregate('r', identity('remote'), [cell('social', 0.5), cell(OVERALL, 0.5)]),
      aggregate('l', identity('local', { provider: 'webllm', kind: 'local' }), [cell(OVERALL, 0.4)]),
      aggregate('x', identity('other-data'), [cell(OVERALL, 0.3)], {
        dataset: { id: '7', name: 'import', sha256: 'b'.repeat(64) }
      })
    ];
    const labels = (f: Partial<LeaderboardFilter>): string[] =>
      buildLeaderboard(runs, [], filter(f)).rows.map((r) => r.identity!.model);
    expect(labels({ kinds: ['local'] })).toEqual(['local']);
    expect(labels({ providers: ['openai'] }).sort()).toEqual(['other-data', 'remote']);
    expect(labels({ models: ['remote'] })).toEqual(['remote']);
    expect(labels({ models: ['remote', 'local'] }).sort()).toEqual(['local', 'remote']);
    expect(labels({ dataset: 'shipped' }).sort()).toEqual(['local', 'remote']);
    expect(labels({ reasoning: true })).toEqual([]);
    expect(labels({ categories: ['social'] })).toEqual(['remote']);
    const view = buildLeaderboard(runs, [], filter({ categories: ['social'] }));
    expect(view.columns.map((c) => c.key)).toEqual(['attitude/social']);
    expect(view.datasets).toEqual([
      { id: 'shipped', name: 'shipped' },
      { id: '7', name: 'import' }
    ]);
  });

  it('sorts by any column, rows without the cell last', () => {
    const runs = [
      aggregate('a', identity('alpha'), [cell(OVERALL, 0.5)]),
      aggregate('b', identity('beta'), [cell(OVERALL, 0.9), cell('social', 0.1)]),
      aggregate('c', identity('gamma'), [cell(OVERALL, 0.7), cell('social', 0.3)])
    ];
    const order = (sort: LeaderboardFilter['sort']): string[] =>
      buildLeaderboard(runs, [], filter({ sort })).rows.map((r) => r.identity!.model);
    expect(order(null)).toEqual(['beta', 'gamma', 'alpha']);
    expect(order({ column: 'attitude/_all', descending: false })).toEqual(['alpha', 'gamma', 'beta']);
    expect(order({ column: 'attitude/social', descending: true })).toEqual(['gamma', 'beta', 'alpha']);
    expect(order({ column: 'attitude/social', descending: false })).toEqual(['beta', 'gamma', 'alpha']);
    expect(order({ column: 'label', descending: false })).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('ties', () => {
  const row = (key: string, score: number, low: number, high: number): LeaderboardRow => ({
    key,
    kind: 'run',
    label: key,
    provider: 'p',
    cells: {
      c: {
        task: 'attitude',
        category: OVERALL,
        metric: 'accuracy',
        score,
        interval: { low, high },
        n: 1,
        coverage: 1,
        candidates: 1
      }
    },
    runIds: []
  });

  it('ranks a row below only the rows whose interval lies wholly above its own', () => {
    // C overlaps A and B, so nothing is clearly above it; D lies wholly below A only.
    const ranks = rankColumn(
      [
        row('A', 0.8, 0.7, 0.9),
        row('B', 0.75, 0.65, 0.85),
        row('C', 0.6, 0.55, 0.72),
        row('D', 0.58, 0.5, 0.69),
        row('E', 0.2, 0.1, 0.3)
      ],
      'c'
    );
    expect(Object.fromEntries(ranks)).toEqual({
      A: { rank: 1, tied: true, group: 1 },
      B: { rank: 1, tied: true, group: 1 },
      C: { rank: 1, tied: true, group: 1 },
      D: { rank: 2, tied: true, group: 2 },
      E: { rank: 5, tied: false, group: 5 }
    });
  });

  it('ranks only run rows: reference and reported rows are shown but not ranked', () => {
    const reference: LeaderboardRow = { ...row('R', 0.99, 0.98, 1), kind: 'reference' };
    const view = buildLeaderboard(
      [aggregate('a', identity('m'), [cell(OVERALL, 0.5)])],
      [{ ...reference, cells: { 'attitude/_all': { ...reference.cells.c! } } }],
      filter()
    );
    expect(view.rows.map((r) => r.key)).toEqual([
      'R',
      'shipped|local|openai|m||plain|0-shot|default|sampling-1'
    ]);
    expect(view.rows[0]!.cells['attitude/_all']!.rank).toBeUndefined();
    expect(view.rows[1]!.cells['attitude/_all']!.rank).toEqual({ rank: 1, tied: false, group: 1 });
    expect(buildLeaderboard([], [reference], filter({ references: false })).rows).toEqual([]);
  });

  it("shows each split's baselines under its own dataset filter, and offers every split to pick", () => {
    const on = (id: string, name: string): LeaderboardRow => ({
      ...row(`R-${id}`, 0.5, 0.4, 0.6),
      kind: 'reference',
      dataset: { id, name, shipped: true }
    });
    const reported: LeaderboardRow = { ...row('P', 0.6, 0.5, 0.7), kind: 'reported' };
    const extra = [on('shipped', 'standard'), on('hard', 'hard split'), reported];
    const keys = (dataset: string | null): string[] =>
      buildLeaderboard([], extra, filter({ dataset })).rows.map((r) => r.key);
    expect(keys(null).sort()).toEqual(['P', 'R-hard', 'R-shipped']);
    expect(keys('hard').sort()).toEqual(['P', 'R-hard']);
    expect(keys('shipped').sort()).toEqual(['P', 'R-shipped']);
    const view = buildLeaderboard([], extra, filter({ dataset: 'hard' }));
    expect(view.datasets).toEqual([
      { id: 'shipped', name: 'standard' },
      { id: 'hard', name: 'hard split' }
    ]);
    // The hard split has rows here even with no run on it: the filter is not reported unmatched.
    expect(view.unmatched.dataset).toBeNull();
  });
});

describe('filters in the URL', () => {
  it('survive a round trip through search parameters', () => {
    const f: LeaderboardFilter = {
      tasks: ['attitude', 'extraction'],
      categories: ['social', OVERALL],
      reasoning: true,
      shots: 1,
      kinds: ['local', 'baseline'],
      providers: ['openai', 'webllm'],
      models: ['meta-llama/Llama-3.1-8B-Instruct:q4', 'gemma 2b (0123456789ab)'],
      dataset: '12',
      references: false,
      reported: false,
      partial: true,
      sort: { column: 'selection/social', descending: false }
    };
    const text = toSearchParams(f).toString();
    expect(fromSearchParams(new URLSearchParams(text))).toEqual(f);
    expect(toSearchParams(DEFAULT_FILTER).toString()).toBe('');
    expect(fromSearchParams(new URLSearchParams(''))).toEqual(DEFAULT_FILTER);
  });

  it('ignore unknown and malformed values', () => {
    const f = fromSearchParams(
      new URLSearchParams(
        'task=attitude&task=poetry&category=social&category=<b>&prompt=weird&shots=2&kind=cloud&kind=local&sort=evil&provider=%20&dataset=a/b&model=&model=a%0Ab'
      )
    );
    expect(f).toEqual({ ...DEFAULT_FILTER, tasks: ['attitude'], categories: ['social'], kinds: ['local'] });
  });
});
