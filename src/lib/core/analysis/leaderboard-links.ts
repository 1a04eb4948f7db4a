import { withParams } from '../text/query-string';
import { OVERALL } from './identity';
import type { RowCell } from './leaderboard';

/**
 * The items page's query for a leaderboard cell: its run, its category (none for a task's
 * overall column) and, for a published run, the bundle to read it from. Undefined for a cell
 * without a run behind it (a reported figure).
 */
export function cellItemsQuery(
  cell: RowCell,
  published: readonly { runId: string; file: string }[]
): string | undefined {
  if (cell.runId === undefined) return undefined;
  const bundle = published.find((r) => r.runId === cell.runId);
  return withParams(new URLSearchParams(), {
    run: cell.runId,
    category: cell.category === OVERALL ? null : cell.category,
    bundle: bundle === undefined ? null : bundle.file
  });
}
