import { error } from '@sveltejs/kit';
import { loadWork } from '$lib/data/annotation';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const work = await loadWork(`${params.project}/${params.annotator}`);
  if (!work) error(404, 'This assignment is not open in this browser: open its file on the Annotate page.');
  return { work };
};
