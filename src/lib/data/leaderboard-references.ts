import reported from '../../../datasets/paper-reported.json';
import { baselineReferenceRows, reportedRows } from '$lib/core/analysis/reference';
import type { LeaderboardRow } from '$lib/core/analysis/leaderboard';
import { SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import { reportedFiguresSchema, type ReportedFigures } from '$lib/core/schema/reported';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { loadRunDataset } from './load-run-dataset';

/** The leaderboard's fixed rows: the chance baselines on the shipped benchmark and the paper's figures. */
export async function leaderboardReferences(): Promise<{
  figures: ReportedFigures;
  reported: LeaderboardRow[];
  references: LeaderboardRow[];
}> {
  const figures = reportedFiguresSchema.parse(reported);
  const { dataset } = await loadRunDataset(SHIPPED_DATASET_ID, SHIPPED_CATEGORIES);
  return { figures, reported: reportedRows(figures), references: await baselineReferenceRows(dataset) };
}
