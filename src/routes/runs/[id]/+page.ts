import { error } from '@sveltejs/kit';
import { loadRunPage } from '$lib/data/run-page';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
  // Saving a human verdict or finishing a judging reloads this page's data by this name.
  depends('app:run');
  const page = await loadRunPage(params.id);
  if (page === undefined) error(404, `There is no run ${params.id} in this browser.`);
  return page;
};
