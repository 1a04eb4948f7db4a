import reported from '../../../datasets/paper-reported.json';
import { baselineReferenceRows, reportedRows } from '$lib/core/analysis';
import { reportedFiguresSchema } from '$lib/core/schema/reported';
import { SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { loadRunDataset } from '$lib/data/load-run-dataset';
import type { PageServerLoad } from './$types';

export const prerender = true;

// Computed once, at build time, and shipped with the page as data: the chance baselines take
// seconds to score, and a browser (first visit or a later one) receives them ready.
export const load: PageServerLoad = async () => {
  const figures = reportedFiguresSchema.parse(reported);
  const { dataset } = await loadRunDataset(SHIPPED_DATASET_ID, SHIPPED_CATEGORIES);
  return { figures, reported: reportedRows(figures), references: await baselineReferenceRows(dataset) };
};
