import reported from '../../../datasets/paper-reported.json';
import { resolve } from '$app/paths';
import { baselineReferenceRows, reportedRows } from '$lib/core/analysis';
import { reportedFiguresSchema } from '$lib/core/schema/reported';
import { SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { loadRunDataset } from '$lib/data/run-dataset';
import { loadPublished } from '$lib/components/io/published';
import type { PageLoad } from './$types';

// The one page rendered at build time: a static host then serves the published bundles, the
// chance baselines and the paper's figures as plain HTML, before (or without) any script.
// The directory form (leaderboard/index.html) is what plain static hosts serve for /leaderboard.
export const ssr = true;
export const prerender = true;
export const trailingSlash = 'always';

export const load: PageLoad = async ({ fetch }) => {
  const figures = reportedFiguresSchema.parse(reported);
  const base = resolve('/').replace(/\/$/, '');
  const { dataset } = await loadRunDataset(SHIPPED_DATASET_ID, SHIPPED_CATEGORIES);
  const [published, references] = await Promise.all([
    loadPublished(fetch, base),
    baselineReferenceRows(dataset)
  ]);
  return { figures, reported: reportedRows(figures), references, published };
};
