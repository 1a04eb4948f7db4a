import { error } from '@sveltejs/kit';
import { loadDatasetPage } from '$lib/data/datasets';
import { storyValidation } from '$lib/data/validation';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const { choices, broken, dataset } = await loadDatasetPage(params.dataset);
  if (dataset === undefined) error(404, `There is no dataset with id "${params.dataset}" in this browser.`);
  return { choices, broken, dataset, validation: await storyValidation(dataset) };
};
