import { annotationOverview } from '$lib/data/annotation';
import { checkRunList } from '$lib/data/check-runs';
import { runnableDatasets } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const [overview, datasets, checkRuns] = await Promise.all([
    annotationOverview(),
    runnableDatasets(),
    checkRunList()
  ]);
  // `?dataset=ID`: a dataset sent to annotation from the page that made it.
  return { ...overview, datasets, checkRuns, chosen: url.searchParams.get('dataset') ?? undefined };
};
