import { error } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { loadBundleRun, loadLocalRun } from '$lib/data/run-material';
import type { PageLoad } from './$types';

// Only the run (or published bundle) is read here; category and page are read by the page
// itself, so paging through a run does not score it again.
export const load: PageLoad = async ({ url, fetch }) => {
  const id = url.searchParams.get('run');
  const bundle = url.searchParams.get('bundle');
  if (bundle !== null) return { run: await loadBundleRun(fetch, resolve('/').replace(/\/$/, ''), bundle) };
  if (id === null) error(400, 'Open this page from a leaderboard cell: it needs a run.');
  const run = await loadLocalRun(id);
  if (run === undefined) error(404, `There is no run ${id} in this browser.`);
  return { run };
};
