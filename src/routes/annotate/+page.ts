import { annotationOverview } from '$lib/data/annotation';
import type { PageLoad } from './$types';

export const load: PageLoad = () => annotationOverview();
