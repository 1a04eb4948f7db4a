import { annotationOverview } from '$lib/data/annotation';
import { checkRunList } from '$lib/data/check-runs';
import { runnableDatasets } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [overview, datasets, checkRuns] = await Promise.all([
    annotationOverview(),
    runnableDatasets(),
    checkRunList()
  ]);
  return { ...overview, datasets, checkRuns };
};
