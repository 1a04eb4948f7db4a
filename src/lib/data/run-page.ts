import {
  computeRunAggregate,
  scoreRun,
  sentItems,
  type RunAggregate,
  type ScoredRun
} from '$lib/core/analysis';
import type { RunItem } from '$lib/core/runner/plan';
import type { ItemResult } from '$lib/core/schema/run';
import { database } from '$lib/storage/instance';
import { getRun, responsesOf, type StoredRun } from '$lib/storage/runs';
import { extractionRunView, type ExtractionRunView } from './judging';
import { loadRunDataset } from './load-run-dataset';

/** An attitude-detection or value-selection run: its items, stored results and scores. */
export interface ClassicRunPage {
  kind: 'classic';
  run: StoredRun;
  /** The prompts as they were sent, rebuilt from the run's settings. */
  items: RunItem[];
  results: ItemResult[];
  scored: Exclude<ScoredRun, { task: 'extraction' }>;
  /** The leaderboard's own cells, so the page's per-category scores are the leaderboard's. */
  aggregate: RunAggregate;
  /** Stored responses that failed validation and were left out. */
  damaged: number;
}

/** A value-extraction run: its judgings and reviews, and the prompts it sent. */
export interface ExtractionRunPage {
  kind: 'extraction';
  run: StoredRun;
  view: ExtractionRunView;
  items: RunItem[];
}

/** A run's page, or undefined when this browser has no run with this id. */
export async function loadRunPage(id: string): Promise<ClassicRunPage | ExtractionRunPage | undefined> {
  const run = await getRun(database, id);
  if (run === undefined) return undefined;
  const { config } = run;
  if (config.task === 'extraction') {
    const view = await extractionRunView(run);
    return { kind: 'extraction', run, view, items: sentItems(config, view.dataset) };
  }
  const [{ results, damaged }, { dataset, bench, split }] = await Promise.all([
    responsesOf(database, run.id),
    loadRunDataset(config.dataset.id, config.categories)
  ]);
  const items = sentItems(config, dataset, bench);
  const input = { ...run, dataset, split, results };
  const { aggregate, scored = scoreRun(input) } = await computeRunAggregate(input);
  if (scored.task === 'extraction') throw new Error(`run ${run.id} was scored as value extraction`);
  return { kind: 'classic', run, items, results, scored, aggregate, damaged };
}
