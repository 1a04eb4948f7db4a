import { runnableDatasets } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ datasets: await runnableDatasets() });
