import { error } from '@sveltejs/kit';
import { loadProject } from '$lib/data/annotation';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const project = await loadProject(params.id);
  if (!project) error(404, 'There is no such annotation project in this browser.');
  return { project };
};
