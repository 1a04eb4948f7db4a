import { error } from '@sveltejs/kit';
import { loadDatasetPage } from '$lib/data/datasets';
import { storyValidation } from '$lib/data/validation';
import { readerRunsOf } from '$lib/data/difficulty';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const { choices, broken, dataset, damaged } = await loadDatasetPage(params.dataset);
  if (damaged !== undefined)
    error(409, `The stored dataset "${damaged}" is damaged and cannot be shown; import it again.`);
  if (dataset === undefined) error(404, `There is no dataset with id "${params.dataset}" in this browser.`);
  const [validation, readers] = await Promise.all([storyValidation(dataset), readerRunsOf(dataset.id)]);
  return { choices, broken, dataset, validation, readers };
};
