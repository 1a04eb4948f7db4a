import { leaderboardReferences } from '$lib/data/leaderboard-references';
import type { PageServerLoad } from './$types';

export const prerender = true;

// Computed once, at build time, and shipped with the page as data: the chance baselines take
// seconds to score, and a browser (first visit or a later one) receives them ready.
export const load: PageServerLoad = () => leaderboardReferences();
