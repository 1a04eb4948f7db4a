import { TASKS, type Task } from '../schema/run';
import { ROW_KINDS, type RowKind } from './identity';

/**
 * What the leaderboard shows, as plain data: the page keeps it in the URL, so a filtered view
 * can be bookmarked, shared and survives a reload. Empty lists mean "all".
 */
export interface LeaderboardFilter {
  /** Columns: tasks shown. */
  tasks: Task[];
  /** Columns: categories shown (a task's overall column is OVERALL). */
  categories: string[];
  /** Rows: plain or reasoning prompts; null for both. */
  reasoning: boolean | null;
  /** Rows: zero- or one-shot prompts; null for both. */
  shots: 0 | 1 | null;
  kinds: RowKind[];
  providers: string[];
  /** Rows: runs of these models only (as a row names them); a suite links to its model's rows. */
  models: string[];
  /** Rows: runs on this dataset id only; null for every dataset. */
  dataset: string | null;
  /** Show the chance-baseline reference rows. */
  references: boolean;
  /** Show the paper's reported figures. */
  reported: boolean;
  /** Rank partial cells (runs that left items unanswered) too; by default they are shown unranked. */
  partial: boolean;
  /** `label`, `provider`, `kind` or a cell key (`task/category`). */
  sort: { column: string; descending: boolean } | null;
}

export const DEFAULT_FILTER: LeaderboardFilter = {
  tasks: [],
  categories: [],
  reasoning: null,
  shots: null,
  kinds: [],
  providers: [],
  models: [],
  dataset: null,
  references: true,
  reported: true,
  partial: false,
  sort: null
};

// Category and column names are words (release file names); providers and dataset ids are
// short plain strings. Anything else in a URL is ignored rather than trusted.
const CATEGORY = /^_?[a-z][a-z0-9_]*$/;
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;
// Model names are free text (`org/model:tag`, a file name with its hash): any printable text.
const MODEL = /^[^\p{Cc}]{1,200}$/u;
const COLUMN = /^(label|provider|kind|(attitude|selection|extraction)\/_?[a-z][a-z0-9_]*)$/;

/** The filter as URL search parameters; settings at their default are left out. */
export function toSearchParams(filter: LeaderboardFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const t of filter.tasks) params.append('task', t);
  for (const c of filter.categories) params.append('category', c);
  if (filter.reasoning !== null) params.set('prompt', filter.reasoning ? 'reasoning' : 'plain');
  if (filter.shots !== null) params.set('shots', String(filter.shots));
  for (const k of filter.kinds) params.append('kind', k);
  for (const p of filter.providers) params.append('provider', p);
  for (const m of filter.models) params.append('model', m);
  if (filter.dataset !== null) params.set('dataset', filter.dataset);
  if (!filter.references) params.set('references', 'hide');
  if (!filter.reported) params.set('reported', 'hide');
  if (filter.partial) params.set('partial', 'rank');
  if (filter.sort !== null) {
    params.set('sort', filter.sort.column);
    params.set('order', filter.sort.descending ? 'desc' : 'asc');
  }
  return params;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

/** Reads a filter from URL search parameters; unknown or malformed values are ignored. */
export function fromSearchParams(params: URLSearchParams): LeaderboardFilter {
  const filter: LeaderboardFilter = { ...DEFAULT_FILTER, sort: null };
  filter.tasks = unique(params.getAll('task').filter((t): t is Task => isOneOf(TASKS, t)));
  filter.categories = unique(params.getAll('category').filter((c) => CATEGORY.test(c)));
  const prompt = params.get('prompt');
  filter.reasoning = prompt === 'reasoning' ? true : prompt === 'plain' ? false : null;
  const shots = params.get('shots');
  filter.shots = shots === '0' ? 0 : shots === '1' ? 1 : null;
  filter.kinds = unique(params.getAll('kind').filter((k): k is RowKind => isOneOf(ROW_KINDS, k)));
  filter.providers = unique(params.getAll('provider').filter((p) => PLAIN.test(p)));
  filter.models = unique(params.getAll('model').filter((m) => MODEL.test(m)));
  const dataset = params.get('dataset');
  filter.dataset = dataset !== null && PLAIN.test(dataset) ? dataset : null;
  filter.references = params.get('references') !== 'hide';
  filter.reported = params.get('reported') !== 'hide';
  filter.partial = params.get('partial') === 'rank';
  const column = params.get('sort');
  if (column !== null && COLUMN.test(column))
    filter.sort = { column, descending: params.get('order') !== 'asc' };
  return filter;
}

/**
 * The filter after a click on a column heading: the sorted column flips its order; another
 * column starts with the highest first (names start from A).
 */
export function sortedBy(filter: LeaderboardFilter, column: string): LeaderboardFilter {
  const current = filter.sort;
  return {
    ...filter,
    sort:
      current?.column === column
        ? { column, descending: !current.descending }
        : { column, descending: column !== 'label' }
  };
}
