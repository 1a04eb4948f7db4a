import type { Interval } from '../scoring/intervals';
import { TASKS, type Task } from '../schema/run';
import type { RunAggregate } from './aggregate';
import type { LeaderboardFilter } from './filters';
import { cellKey, OVERALL, rowKey, rowLabel, type Origin, type RowIdentity, type RowKind } from './identity';

/** Where a row's cell stands in its column. */
export interface RankInfo {
  /** 1 + the number of rows ranked above the row's group leader (so tied rows share a rank). */
  rank: number;
  /** The row's group has more than one row: its interval overlaps its group leader's. */
  tied: boolean;
  /** 1 for the leader's group, 2 for the next, ... */
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
  n: number | null;
  coverage: number | null;
  /** The run the cell comes from. */
  runId?: string;
  /** Runs of this row that have this cell (the one shown is the preferred one). */
  candidates: number;
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
  /** The runs behind a run row, newest first. */
  runIds: string[];
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
  return true;
}

/**
 * Of several runs with the same category cell, a finished one wins, then the newest. Overall
 * cells go to the run covering the most categories first.
 */
function preferred(a: RunAggregate, b: RunAggregate): number {
  const done = Number(b.status === 'done') - Number(a.status === 'done');
  return done || b.createdAt.localeCompare(a.createdAt);
}

function runRows(aggregates: readonly RunAggregate[]): LeaderboardRow[] {
  const groups = new Map<string, RunAggregate[]>();
  for (const a of aggregates) {
    const key = rowKey(a.identity, a.origin);
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  return [...groups].map(([key, runs]) => {
    runs.sort(preferred);
    const first = runs[0]!;
    const cells: Record<string, RowCell> = {};
    const candidates = new Map<string, number>();
    for (const run of runs)
      for (const c of run.cells) {
        const k = cellKey(c.task, c.category);
        candidates.set(k, (candidates.get(k) ?? 0) + 1);
      }
    // A run's overall cell covers its own categories: the run covering the most wins it.
    const overallOrder = [...runs].sort(
      (x, y) => y.categories.length - x.categories.length || preferred(x, y)
    );
    for (const [list, overall] of [
      [runs, false],
      [overallOrder, true]
    ] as const) {
      for (const run of list) {
        for (const c of run.cells) {
          if ((c.category === OVERALL) !== overall) continue;
          const k = cellKey(c.task, c.category);
          if (cells[k] !== undefined) continue;
          const cell: RowCell = {
            task: c.task,
            category: c.category,
            metric: c.metric,
            score: c.score,
            interval: c.interval,
            n: c.n,
            coverage: c.coverage,
            runId: run.runId,
            candidates: candidates.get(k) ?? 1,
            datasetName: run.dataset.name
          };
          if (overall) cell.categories = [...run.categories];
          if (run.judge !== undefined) cell.judge = run.judge.model;
          if (c.corrected !== undefined) cell.corrected = c.corrected;
          cells[k] = cell;
        }
      }
    }
    const row: LeaderboardRow = {
      key,
      kind: 'run',
      origin: first.origin,
      label: rowLabel(first.identity),
      identity: first.identity,
      provider: first.identity.provider,
      rowKind: first.identity.kind,
      cells,
      runIds: [...runs].sort((x, y) => y.createdAt.localeCompare(x.createdAt)).map((r) => r.runId)
    };
    return row;
  });
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

/**
 * Ranks one column's run rows with ties. Rows are taken best score first; the first leads
 * group 1; each next row joins the current group when its interval overlaps the group
 * leader's interval, and otherwise leads a new group. Rank = 1 + the number of rows before
 * the group leader, so tied rows share a rank and the next group's rank counts them all.
 * Comparing with the leader only (not with every member) keeps groups from chaining: two rows
 * far apart are never tied just because a third row overlaps both.
 */
export function rankColumn(rows: readonly LeaderboardRow[], column: string): Map<string, RankInfo> {
  const ranked = rows
    .filter((r) => r.kind === 'run' && r.cells[column]?.interval != null)
    .map((r) => ({ key: r.key, cell: r.cells[column]! }))
    .sort((a, b) => b.cell.score - a.cell.score);
  const out = new Map<string, RankInfo>();
  const members: string[][] = [];
  let leader: Interval | undefined;
  let leaderRank = 0;
  ranked.forEach(({ key, cell }, i) => {
    const interval = cell.interval!;
    if (leader === undefined || !overlaps(interval, leader)) {
      leader = interval;
      leaderRank = i + 1;
      members.push([]);
    }
    members.at(-1)!.push(key);
    out.set(key, { rank: leaderRank, tied: false, group: members.length });
  });
  for (const group of members)
    if (group.length > 1) for (const key of group) out.set(key, { ...out.get(key)!, tied: true });
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
 * and sorted. Reference and reported rows obey only their own switches and the column filters.
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
  const datasets = new Map(aggregates.map((a) => [a.dataset.id, a.dataset.name]));
  const providers = [...new Set(aggregates.map((a) => a.identity.provider))].sort();
  const categories = [...new Set(aggregates.flatMap((a) => a.categories))].sort(
    (a, b) => categoryRank(a) - categoryRank(b) || a.localeCompare(b)
  );

  const rows = [
    ...runRows(scoredRuns.filter((a) => rowPasses(a, filter))),
    ...extra.filter((r) =>
      r.kind === 'reference' ? filter.references : r.kind === 'reported' ? filter.reported : true
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
    const ranks = rankColumn(shown, column.key);
    for (const row of shown) {
      const rank = ranks.get(row.key);
      if (rank !== undefined) row.cells[column.key] = { ...row.cells[column.key]!, rank };
    }
  }
  const sort = filter.sort ?? (columns[0] ? { column: columns[0].key, descending: true } : null);
  if (sort) sortRows(shown, sort.column, sort.descending);
  return {
    rows: shown,
    columns,
    providers,
    categories,
    datasets: [...datasets].map(([id, name]) => ({ id, name })),
    problems
  };
}
