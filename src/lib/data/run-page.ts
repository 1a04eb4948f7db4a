import { sentItem, sentItemAlone, sentItems } from '$lib/core/analysis/run-report';
import type { RunAggregate } from '$lib/core/analysis/aggregate';
import type { ScoredRun } from '$lib/core/analysis/score';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { ShippedBenchmark } from '$lib/core/dataset/shipped-benchmark';
import type { RunItem } from '$lib/core/runner/plan';
import type { ItemResult } from '$lib/core/schema/run';
import { database } from '$lib/storage/instance';
import { getRun, storedResult, type StoredRun } from '$lib/storage/runs';
import type { KeptDataset } from '$lib/workers/analysis-protocol';
import { analysis, scoreInWorker } from './analysis-client';
import { extractionRunView, type ExtractionRunView } from './judging';
import { loadRunDatasetForWorker } from './load-run-dataset';
import { loadShippedBenchmark } from './shipped-from-bundle';

/** An attitude-detection or value-selection run: its items, stored results and scores. */
export interface ClassicRunPage {
  kind: 'classic';
  run: StoredRun;
  /**
   * The run's items and the shipped benchmark (its one-shot examples), to rebuild a prompt. An
   * imported dataset stays in the analysis worker, which sends one story when it is asked for:
   * a large one took most of a second to copy to the page.
   */
  dataset: RunDataset | KeptDataset;
  bench: ShippedBenchmark;
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
  const [{ dataset, split }, bench] = await Promise.all([
    loadRunDatasetForWorker(config.dataset.id, config.categories),
    loadShippedBenchmark()
  ]);
  // Validating and scoring every response runs in the analysis worker: for a large run it took
  // seconds, during which the page could not respond.
  const { aggregate, scored, damaged } = await scoreInWorker(run, { dataset, split });
  if (scored.task === 'extraction') throw new Error(`run ${run.id} was scored as value extraction`);
  return { kind: 'classic', run, dataset, bench, scored, aggregate, damaged };
}

/** One item of a run as the page shows it in detail: the prompt as sent and its stored result. */
export async function runItemDetail(
  page: ClassicRunPage,
  key: string
): Promise<{ item: RunItem | undefined; result: ItemResult | undefined }> {
  const { config } = page.run;
  let item: RunItem | undefined;
  if ('kept' in page.dataset) {
    const alone = await analysis().call({ type: 'story-alone', dataset: page.dataset, key });
    item = alone === null ? undefined : sentItemAlone(config, alone, key, page.bench);
  } else item = sentItem(config, page.dataset, key, page.bench);
  return { item, result: await storedResult(database, page.run.id, key) };
}
