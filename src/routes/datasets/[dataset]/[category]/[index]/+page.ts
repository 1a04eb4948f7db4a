import { error } from '@sveltejs/kit';
import { filterStories, type StoryView } from '$lib/core/dataset/view';
import { loadDataset } from '$lib/data/datasets';
import { storyValidation } from '$lib/data/validation';
import { filterFromParams, filterQuery } from '$lib/state/story-browser.svelte';
import type { PageLoad } from './$types';

/** Where a neighbouring story's page is: its category and its 1-based number there. */
const at = (story: StoryView | undefined): { category: string; index: string } | undefined =>
  story === undefined ? undefined : { category: story.category, index: String(story.index + 1) };

export const load: PageLoad = async ({ params, url }) => {
  const dataset = await loadDataset(params.dataset);
  if (dataset === undefined) error(404, `There is no dataset with id "${params.dataset}" in this browser.`);
  const category = dataset.categories.find((c) => c.name === params.category);
  const story = category?.stories[Number(params.index) - 1];
  if (category === undefined || story === undefined) {
    error(404, `There is no story ${params.index} in category "${params.category}" of ${dataset.name}.`);
  }
  // Previous and Next follow the list the story was opened from (the filters in the URL); a
  // story outside that list (a link without filters) steps through its category.
  const filter = filterFromParams(url.searchParams);
  const filtered = filterStories(dataset, filter);
  const list = filtered.includes(story) ? filtered : category.stories;
  const position = list.indexOf(story);
  return {
    dataset: { id: dataset.id, name: dataset.name, provenance: dataset.provenance },
    story,
    validation: (await storyValidation(dataset)).get(story.key),
    query: list === filtered ? filterQuery(filter) : '',
    previous: at(list[position - 1]),
    next: at(list[position + 1])
  };
};
