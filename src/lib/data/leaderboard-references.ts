import reported from '../../../datasets/paper-reported.json';
import { baselineReferenceRows, reportedRows } from '$lib/core/analysis/reference';
import type { LeaderboardRow } from '$lib/core/analysis/leaderboard';
import { HARD_DATASET_ID, SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import { reportedFiguresSchema, type ReportedFigures } from '$lib/core/schema/reported';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { loadRunDataset } from './load-run-dataset';

/**
 * The leaderboard's fixed rows: the chance baselines on each split of the shipped benchmark
 * (standard and hard, each a row of its own) and the paper's figures.
 */
export async function leaderboardReferences(): Promise<{
  figures: ReportedFigures;
  reported: LeaderboardRow[];
  references: LeaderboardRow[];
}> {
  const figures = reportedFiguresSchema.parse(reported);
  const references = [];
  for (const id of [SHIPPED_DATASET_ID, HARD_DATASET_ID]) {
    const { dataset } = await loadRunDataset(id, SHIPPED_CATEGORIES);
    references.push(...(await baselineReferenceRows(dataset)));
  }
  return { figures, reported: reportedRows(figures), references };
}
