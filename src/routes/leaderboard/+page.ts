import { resolve } from '$app/paths';
import { loadPublished } from '$lib/data/published';
import type { PageLoad } from './$types';

// The one page rendered at build time: a static host then serves the published bundles, the
// chance baselines and the paper's figures as plain HTML, before (or without) any script.
// The directory form (leaderboard/index.html) is what plain static hosts serve for /leaderboard.
export const ssr = true;
export const prerender = true;
export const trailingSlash = 'always';

// The baselines and the paper's figures come ready from the build (+page.server.ts); the
// published bundles are verified here, in the browser too, so a reader sees the check done.
export const load: PageLoad = async ({ fetch, data }) => {
  const base = resolve('/').replace(/\/$/, '');
  return { ...data, published: await loadPublished(fetch, base) };
};
