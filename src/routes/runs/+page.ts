import { loadRunList } from '$lib/data/runs';
import type { PageLoad } from './$types';

export const load: PageLoad = () => loadRunList();
