import { error } from '@sveltejs/kit';
import { loadDataset } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const dataset = await loadDataset(params.dataset);
  if (dataset === undefined) error(404, `There is no dataset with id "${params.dataset}" in this browser.`);
  const category = dataset.categories.find((c) => c.name === params.category);
  const story = category?.stories[Number(params.index) - 1];
  if (category === undefined || story === undefined) {
    error(404, `There is no story ${params.index} in category "${params.category}" of ${dataset.name}.`);
  }
  const position = category.stories.indexOf(story);
  return {
    dataset: { id: dataset.id, name: dataset.name, provenance: dataset.provenance },
    story,
    previous: position > 0 ? position : undefined,
    next: position + 1 < category.stories.length ? position + 2 : undefined
  };
};
