import { error } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { loadChosenRun } from '$lib/data/run-material';
import type { ChosenRun } from '$lib/core/analysis/compare-choices';
import type { PageLoad } from './$types';

// Only the run (or published bundle) is read here; category and page are read by the page
// itself, so paging through a run does not score it again.
export const load: PageLoad = async ({ url, fetch }) => {
  const id = url.searchParams.get('run');
  const bundle = url.searchParams.get('bundle');
  const choice: ChosenRun | undefined =
    bundle !== null
      ? { origin: 'published', file: bundle }
      : id !== null
        ? { origin: 'local', id }
        : undefined;
  if (choice === undefined) error(400, 'Open this page from a leaderboard cell: it needs a run.');
  const run = await loadChosenRun(fetch, resolve('/').replace(/\/$/, ''), choice);
  if (run === undefined) error(404, `There is no run ${id ?? ''} in this browser.`);
  return { run };
};
