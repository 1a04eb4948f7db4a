import { NO_ANSWER, UNMATCHED } from '../scoring/attitude-summary';
import { pairCounts } from '../scoring/common';
import type { ScoredItem } from './score';

/**
 * The run page's item table and charts as pure functions of a scored run's items: which items
 * a filter in the page's address shows, on which page, and the confusion matrix or the spread
 * of per-story F1 of what is shown.
 */

export const OUTCOME_FILTERS = ['all', 'wrong', 'unparseable'] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

export const ITEMS_PER_PAGE = 100;

export interface ItemFilter {
  /** null: every category of the run. */
  category: string | null;
  outcome: OutcomeFilter;
  /** 1-based, clamped to the pages there are by `itemPage`. */
  page: number;
}

/**
 * The filter an address asks for. A value that is not one the run has (a category it was not
 * asked on, a made-up outcome) reads as no filter, so an edited or stale link still shows items.
 */
export function readItemFilter(params: URLSearchParams, categories: readonly string[]): ItemFilter {
  const category = params.get('category');
  const outcome = OUTCOME_FILTERS.find((o) => o === params.get('outcome')) ?? 'all';
  const page = Number(params.get('page') ?? '1');
  return {
    category: category !== null && categories.includes(category) ? category : null,
    outcome,
    page: Number.isInteger(page) && page >= 1 ? page : 1
  };
}

/** The address query of a filter, defaults left out so the plain page has a plain address. */
export function itemFilterQuery(filter: ItemFilter): string {
  const params = new URLSearchParams();
  if (filter.category !== null) params.set('category', filter.category);
  if (filter.outcome !== 'all') params.set('outcome', filter.outcome);
  if (filter.page > 1) params.set('page', String(filter.page));
  return params.toString();
}

/** Items of the category, whatever their outcome: what the scores and charts describe. */
export function inCategory(items: readonly ScoredItem[], category: string | null): ScoredItem[] {
  return category === null ? [...items] : items.filter((i) => i.category === category);
}

/** Items the filter shows, in run order. */
export function filterItems(items: readonly ScoredItem[], filter: ItemFilter): ScoredItem[] {
  return inCategory(items, filter.category).filter(
    (i) => filter.outcome === 'all' || i.outcome === filter.outcome
  );
}

/** One page of the filtered items; a page past the end shows the last one. */
export function itemPage(
  items: readonly ScoredItem[],
  filter: ItemFilter,
  size = ITEMS_PER_PAGE
): { items: ScoredItem[]; page: number; pages: number; first: number; total: number } {
  const chosen = filterItems(items, filter);
  const pages = Math.max(1, Math.ceil(chosen.length / size));
  const page = Math.min(filter.page, pages);
  const start = (page - 1) * size;
  return { items: chosen.slice(start, start + size), page, pages, first: start + 1, total: chosen.length };
}

/**
 * Where an item is, as people count: stories and questions from 1 (item keys, which count
 * from 0 as the release's arrays do, stay as stored).
 */
export function itemPlace(item: Pick<ScoredItem, 'category' | 'story' | 'question'>): string {
  const story = `${item.category} story ${item.story + 1}`;
  return item.question === undefined ? story : `${story}, question ${item.question + 1}`;
}

/**
 * Task 1: gold attitude -> predicted attitude -> count over the items, with the labels that
 * occur among them only, counted as the run's summary counts them (no response and no answer
 * as `(no answer)`, an answer matching no option as `(unmatched)`).
 */
export function confusionOf(items: readonly ScoredItem[]): Record<string, Record<string, number>> {
  return pairCounts(
    items.flatMap((item): [string, string][] =>
      item.outcome === null
        ? []
        : [
            [
              item.gold,
              item.outcome === 'error' || item.outcome === 'unparseable'
                ? NO_ANSWER
                : (item.mapped ?? UNMATCHED)
            ]
          ]
    )
  );
}

/** Task 2: stories per tenth of F1 (0–0.1, …, 0.9–1), skipped stories left out, as the summary counts. */
export function f1Histogram(items: readonly ScoredItem[]): number[] {
  const bins = new Array<number>(10).fill(0);
  for (const item of items) if (item.score !== null) bins[Math.min(9, Math.floor(item.score * 10))]!++;
  return bins;
}
