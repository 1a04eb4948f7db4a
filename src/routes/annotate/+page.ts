import { annotationOverview } from '$lib/data/annotation';
import { runnableDatasets } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [overview, datasets] = await Promise.all([annotationOverview(), runnableDatasets()]);
  return { ...overview, datasets };
};
