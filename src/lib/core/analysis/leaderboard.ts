import type { Interval } from '../scoring/intervals';
import { TASKS, type Task } from '../schema/run';
import { HARD_DATASET_NAME, SHIPPED_DATASET_NAME, splitOfDataset } from '../dataset/view';
import type { AggregateCell, RunAggregate, RunStatus } from './aggregate';
import type { LeaderboardFilter } from './filters';
import { cellKey, OVERALL, rowKey, rowLabel, type Origin, type RowIdentity, type RowKind } from './identity';
import { pooledOverall } from './pool';

/** Where a row's cell stands in its column. */
export interface RankInfo {
  /** 1 + the number of rows whose interval lies wholly above this row's. */
  rank: number;
  /** Another ranked row's interval overlaps this row's: the order between them is not settled. */
  tied: boolean;
  /** The same as `rank` (kept for readers of the earlier shape). */
  group: number;
}

export interface RowCell {
  task: Task;
  category: string;
  /** `accuracy`, `f1`, `judge`, or a reported figure's own metric name. */
  metric: string;
  score: number;
  /** Null for a reported figure (the paper gives none). */
  interval: Interval | null;
  /** What the interval is when it is not a 95% confidence interval (a baseline's range). */
  intervalKind?: string;
  n: number | null;
  coverage: number | null;
  /** The run the cell comes from. */
  runId?: string;
  /** That run's status. */
  status?: RunStatus;
  /** Items of the cell the run answered, and items it plans: fewer is a partial cell. */
  responded?: number;
  total?: number;
  /** Runs of this row that have this cell (the one shown is the preferred one). */
  candidates: number;
  /**
   * An overall cell pooled from the items of the row's category cells (no run of the row
   * covers the whole split): the runs it comes from, each with its categories.
   */
  sources?: { runId: string; categories: string[] }[];
  /** An overall cell: the categories it covers (those of the run it comes from). */
  categories?: string[];
  /** Task 3: the judge model. */
  judge?: string;
  datasetName?: string;
  corrected?: { score: number; interval: Interval };
  rank?: RankInfo;
  /** A reported figure: where in the paper it is stated. */
  where?: string;
}

export interface LeaderboardRow {
  key: string;
  /** `run`: runs of this tool; `reference`: a chance baseline's expected score; `reported`: the paper's. */
  kind: 'run' | 'reference' | 'reported';
  origin?: Origin;
  label: string;
  identity?: RowIdentity;
  /** `baseline` for reference rows, empty for reported figures. */
  provider: string;
  rowKind?: RowKind;
  /** What a reference row is, or that a reported figure's setting is not stated. */
  note?: string;
  /** Where a reported figure comes from. */
  source?: string;
  cells: Record<string, RowCell>;
  /** The dataset the row's scores were computed on (run and reference rows). */
  dataset?: RowDataset;
  /** The runs behind a run row, newest first. */
  runIds: string[];
}

/**
 * The dataset a row's scores come from. Rows are keyed by its id, not by a run's dataset hash:
 * that hash covers only the run's own categories, so it would split one model's runs by the
 * categories they asked. The id is as strict: a run whose items changed since it was made has
 * no scores (see `computeRunAggregate`), so every scored run of one id was asked the same items.
 */
export interface RowDataset {
  id: string;
  name: string;
  /** The benchmark shipped with the site (other datasets are imports). */
  shipped: boolean;
  /** Which split of the shipped benchmark: rows of the two never mix. */
  split?: 'standard' | 'hard';
}

/** Active filter values that match nothing present, so they can be cleared. */
export interface UnmatchedFilters {
  tasks: string[];
  categories: string[];
  providers: string[];
  kinds: string[];
  models: string[];
  dataset: string | null;
}

export interface LeaderboardColumn {
  key: string;
  task: Task;
  category: string;
}

export interface LeaderboardView {
  rows: LeaderboardRow[];
  columns: LeaderboardColumn[];
  /** For the filter controls: every value present before filtering. */
  providers: string[];
  categories: string[];
  datasets: { id: string; name: string }[];
  /** Runs left out because they have no scores, and why. */
  problems: { runId: string; label: string; problem: string }[];
  unmatched: UnmatchedFilters;
}

/** Category order of the release; other (imported) categories follow alphabetically. */
const CATEGORY_ORDER = [
  OVERALL,
  'random',
  'political',
  'ethical',
  'religious',
  'social',
  'multiple',
  'human'
];

function categoryRank(category: string): number {
  const i = CATEGORY_ORDER.indexOf(category);
  return i < 0 ? CATEGORY_ORDER.length : i;
}

export function compareColumns(a: LeaderboardColumn, b: LeaderboardColumn): number {
  return (
    TASKS.indexOf(a.task) - TASKS.indexOf(b.task) ||
    categoryRank(a.category) - categoryRank(b.category) ||
    a.category.localeCompare(b.category)
  );
}

function rowPasses(a: RunAggregate, filter: LeaderboardFilter): boolean {
  const { identity } = a;
  if (filter.dataset !== null && a.dataset.id !== filter.dataset) return false;
  if (filter.reasoning !== null && identity.setting.reasoning !== filter.reasoning) return false;
  if (filter.shots !== null && identity.setting.shots !== filter.shots) return false;
  if (filter.kinds.length > 0 && !filter.kinds.includes(identity.kind)) return false;
  if (filter.providers.length > 0 && !filter.providers.includes(identity.provider)) return false;
  if (filter.models.length > 0 && !filter.models.includes(identity.model)) return false;
  return true;
}

function finished(a: RunAggregate, b: RunAggregate): number {
  return Number(b.status === 'done') - Number(a.status === 'done');
}

function newest(a: RunAggregate, b: RunAggregate): number {
  return b.createdAt.localeCompare(a.createdAt);
}

function share(c: AggregateCell | undefined): number {
  return c === undefined || c.total === 0 ? 0 : c.responded / c.total;
}

/**
 * Of several runs with the same cell, a finished one wins (a stopped run's unasked items count
 * as wrong), then the one that answered more of the cell (for the overall cell: that covers
 * more categories), then the newest.
 */
function cellOrder(key: string): (a: RunAggregate, b: RunAggregate) => number {
  const cellOf = (run: RunAggregate): AggregateCell | undefined =>
    run.cells.find((c) => cellKey(c.task, c.category) === key);
  return (a, b) =>
    finished(a, b) ||
    (key.endsWith(`/${OVERALL}`) ? b.categories.length - a.categories.length : 0) ||
    share(cellOf(b)) - share(cellOf(a)) ||
    newest(a, b);
}

export function rowDataset(dataset: { id: string; name: string }): RowDataset {
  const split = splitOfDataset(dataset.id);
  // A shipped run's own name lists its categories; the row is about the whole split.
  if (split === undefined) return { id: dataset.id, name: dataset.name, shipped: false };
  return {
    id: dataset.id,
    name: split === 'hard' ? HARD_DATASET_NAME : SHIPPED_DATASET_NAME,
    shipped: true,
    split
  };
}

function rowCellOf(run: RunAggregate, c: AggregateCell, candidates: number): RowCell {
  const cell: RowCell = {
    task: c.task,
    category: c.category,
    metric: c.metric,
    score: c.score,
    interval: c.interval,
    n: c.n,
    coverage: c.coverage,
    runId: run.runId,
    status: run.status,
    responded: c.responded,
    total: c.total,
    candidates,
    datasetName: run.dataset.name
  };
  if (c.category === OVERALL) cell.categories = [...run.categories];
  if (run.judge !== undefined) cell.judge = run.judge.model;
  if (c.corrected !== undefined) cell.corrected = c.corrected;
  return cell;
}

/**
 * A row's overall cell when none of its runs covers the whole split but its category cells
 * (from runs of different categories) together do: computed from their items, not averaged.
 */
function pooledCell(
  task: Task,
  runs: readonly RunAggregate[],
  cells: Record<string, RowCell>
): RowCell | undefined {
  if (cells[cellKey(task, OVERALL)] !== undefined) return undefined;
  const split = runs.find((r) => r.task === task)?.split ?? [];
  const parts = split.map((category) => {
    const shown = cells[cellKey(task, category)];
    const run = runs.find((r) => r.runId === shown?.runId);
    const cell = run?.cells.find((c) => c.task === task && c.category === category);
    return run === undefined || cell === undefined ? undefined : { run, cell };
  });
  if (split.length === 0 || parts.some((p) => p === undefined)) return undefined;
  const present = parts.filter((p) => p !== undefined);
  const pooled = pooledOverall(
    task,
    present.map((p) => p.cell)
  );
  if (pooled === undefined) return undefined;
  const sources = new Map<string, string[]>();
  for (const { run, cell } of present)
    sources.set(run.runId, [...(sources.get(run.runId) ?? []), cell.category]);
  const anyUnfinished = present.find((p) => p.run.status !== 'done');
  const out: RowCell = {
    task,
    category: OVERALL,
    metric: pooled.metric,
    score: pooled.score,
    interval: pooled.interval,
    n: pooled.n,
    coverage: pooled.coverage,
    responded: pooled.responded,
    total: pooled.total,
    candidates: 1,
    categories: [...split],
    sources: [...sources].map(([runId, categories]) => ({ runId, categories })),
    datasetName: present[0]!.run.dataset.name
  };
  if (anyUnfinished !== undefined) out.status = anyUnfinished.run.status;
  return out;
}

/** One row per identity, origin and dataset: scores on different items never share a row. */
function runRows(aggregates: readonly RunAggregate[]): LeaderboardRow[] {
  const groups = new Map<string, RunAggregate[]>();
  for (const a of aggregates) {
    const key = rowKey(a.identity, a.origin, a.dataset.id);
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  return [...groups].map(([key, runs]) => {
    const byCell = new Map<string, RunAggregate[]>();
    for (const run of runs)
      for (const c of run.cells) {
        const k = cellKey(c.task, c.category);
        const list = byCell.get(k);
        if (list) list.push(run);
        else byCell.set(k, [run]);
      }
    const cells: Record<string, RowCell> = {};
    for (const [k, list] of byCell) {
      const best = [...list].sort(cellOrder(k))[0]!;
      const c = best.cells.find((x) => cellKey(x.task, x.category) === k)!;
      cells[k] = rowCellOf(best, c, list.length);
    }
    for (const task of new Set(runs.map((r) => r.task))) {
      const pooled = pooledCell(task, runs, cells);
      if (pooled !== undefined) cells[cellKey(task, OVERALL)] = pooled;
    }
    const latest = [...runs].sort(newest);
    const first = [...runs].sort((a, b) => finished(a, b) || newest(a, b))[0]!;
    const row: LeaderboardRow = {
      key,
      kind: 'run',
      origin: first.origin,
      label: rowLabel(first.identity),
      identity: first.identity,
      provider: first.identity.provider,
      rowKind: first.identity.kind,
      cells,
      dataset: rowDataset(first.dataset),
      runIds: latest.map((r) => r.runId)
    };
    return row;
  });
}

/** A cell some of whose items were not answered: ranked only when the user asks for it. */
export function isPartial(cell: RowCell): boolean {
  return cell.responded !== undefined && cell.total !== undefined && cell.responded < cell.total;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

/**
 * Ranks one column's run rows with ties, among rows scored on the same dataset only. A row's
 * rank is 1 + the number of rows whose interval lies wholly above its own, so a row is only
 * placed below rows it is clearly worse than; it is tied when any other row's interval
 * overlaps its own.
 */
export function rankColumn(
  rows: readonly LeaderboardRow[],
  column: string,
  { partial = false }: { partial?: boolean } = {}
): Map<string, RankInfo> {
  const ranked = rows.flatMap((r) => {
    const cell = r.kind === 'run' ? r.cells[column] : undefined;
    if (cell?.interval == null || (!partial && isPartial(cell))) return [];
    return [{ key: r.key, dataset: r.dataset?.id ?? '', interval: cell.interval }];
  });
  const out = new Map<string, RankInfo>();
  for (const row of ranked) {
    let above = 0;
    let tied = false;
    for (const other of ranked) {
      if (other === row || other.dataset !== row.dataset) continue;
      if (other.interval.low > row.interval.high) above++;
      else if (overlaps(other.interval, row.interval)) tied = true;
    }
    out.set(row.key, { rank: above + 1, tied, group: above + 1 });
  }
  return out;
}

function sortValue(row: LeaderboardRow, column: string): string | number | undefined {
  if (column === 'label') return row.label.toLowerCase();
  if (column === 'provider') return row.provider;
  if (column === 'kind') return row.rowKind ?? row.kind;
  return row.cells[column]?.score;
}

function sortRows(rows: LeaderboardRow[], column: string, descending: boolean): void {
  rows.sort((a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    // Rows without a value go last whatever the direction.
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (descending ? -order : order) || a.label.localeCompare(b.label);
  });
}

/**
 * The leaderboard: run rows grouped by model and prompt setting (one row per identity and
 * origin), reference and reported rows added as given, filtered, ranked per column with ties,
 * and sorted. Reference and reported rows obey their own switches, the column filters and, when
 * scored on a dataset, the dataset filter.
 */
export function buildLeaderboard(
  aggregates: readonly RunAggregate[],
  extra: readonly LeaderboardRow[],
  filter: LeaderboardFilter
): LeaderboardView {
  const scoredRuns = aggregates.filter((a) => a.cells.length > 0);
  const problems = aggregates
    .filter((a) => a.cells.length === 0)
    .map((a) => ({ runId: a.runId, label: rowLabel(a.identity), problem: a.problem ?? 'no scores' }));
  // Every dataset a row is scored on can be picked, the splits' baselines' too.
  const datasets = new Map([
    ...aggregates.map((a): [string, string] => [a.dataset.id, a.dataset.name]),
    ...extra.flatMap((r): [string, string][] => (r.dataset ? [[r.dataset.id, r.dataset.name]] : []))
  ]);
  const providers = [...new Set(aggregates.map((a) => a.identity.provider))].sort();
  const categories = [...new Set(aggregates.flatMap((a) => a.categories))].sort(
    (a, b) => categoryRank(a) - categoryRank(b) || a.localeCompare(b)
  );

  const rows = [
    ...runRows(scoredRuns.filter((a) => rowPasses(a, filter))),
    ...extra.filter(
      (r) =>
        (r.kind === 'reference' ? filter.references : r.kind === 'reported' ? filter.reported : true) &&
        // A row scored on a dataset shows only under that dataset's filter; the paper's have none.
        (filter.dataset === null || r.dataset === undefined || r.dataset.id === filter.dataset)
    )
  ];
  const columnMap = new Map<string, LeaderboardColumn>();
  for (const row of rows)
    for (const [key, c] of Object.entries(row.cells))
      columnMap.set(key, { key, task: c.task, category: c.category });
  const columns = [...columnMap.values()]
    .filter((c) => filter.tasks.length === 0 || filter.tasks.includes(c.task))
    .filter((c) => filter.categories.length === 0 || filter.categories.includes(c.category))
    .sort(compareColumns);
  const visible = new Set(columns.map((c) => c.key));
  const shown = rows
    .map((row) => ({
      ...row,
      cells: Object.fromEntries(Object.entries(row.cells).filter(([key]) => visible.has(key)))
    }))
    .filter((row) => Object.keys(row.cells).length > 0);
  for (const column of columns) {
    const ranks = rankColumn(shown, column.key, { partial: filter.partial });
    for (const row of shown) {
      const rank = ranks.get(row.key);
      if (rank !== undefined) row.cells[column.key] = { ...row.cells[column.key]!, rank };
    }
  }
  const tasks = new Set([...columnMap.values()].map((c) => c.task));
  const columnCategories = new Set([...columnMap.values()].map((c) => c.category));
  const kinds = new Set(aggregates.map((a) => a.identity.kind));
  const unmatched: UnmatchedFilters = {
    tasks: filter.tasks.filter((t) => !tasks.has(t)),
    categories: filter.categories.filter((c) => !columnCategories.has(c) && !categories.includes(c)),
    providers: filter.providers.filter((p) => !providers.includes(p)),
    kinds: filter.kinds.filter((k) => !kinds.has(k)),
    models: filter.models.filter((m) => !aggregates.some((a) => a.identity.model === m)),
    dataset: filter.dataset !== null && !datasets.has(filter.dataset) ? filter.dataset : null
  };
  const sort = filter.sort ?? (columns[0] ? { column: columns[0].key, descending: true } : null);
  if (sort) sortRows(shown, sort.column, sort.descending);
  return {
    rows: shown,
    columns,
    providers,
    categories,
    datasets: [...datasets].map(([id, name]) => ({ id, name })),
    problems,
    unmatched
  };
}
