import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, sortedBy } from './filters';
import { OVERALL } from './identity';
import type { RowCell } from './leaderboard';
import { cellItemsQuery } from './leaderboard-links';

const cell = (runId: string | undefined, category: string): RowCell => ({
  task: 'attitude',
  category,
  metric: 'accuracy',
  score: 0.5,
  interval: null,
  n: 10,
  coverage: 1,
  candidates: 1,
  ...(runId === undefined ? {} : { runId })
});

describe('a leaderboard cell opens its items', () => {
  it('names the run and the category, and the bundle of a published run', () => {
    const published = [{ runId: 'pub-1', file: 'cqbench-run-a.json' }];
    expect(cellItemsQuery(cell('local-1', 'social'), published)).toBe('run=local-1&category=social');
    expect(cellItemsQuery(cell('pub-1', OVERALL), published)).toBe('run=pub-1&bundle=cqbench-run-a.json');
  });

  it('gives no link to a cell without a run (a reported figure)', () => {
    expect(cellItemsQuery(cell(undefined, 'social'), [])).toBeUndefined();
  });
});

describe('a click on a column heading', () => {
  it('sorts a new score column highest first and names from A, and flips on a second click', () => {
    const byScore = sortedBy(DEFAULT_FILTER, 'attitude/social');
    expect(byScore.sort).toEqual({ column: 'attitude/social', descending: true });
    expect(sortedBy(byScore, 'attitude/social').sort).toEqual({
      column: 'attitude/social',
      descending: false
    });
    expect(sortedBy(byScore, 'label').sort).toEqual({ column: 'label', descending: false });
    expect(sortedBy(byScore, 'label').tasks).toBe(byScore.tasks);
  });
});
