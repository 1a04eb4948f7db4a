import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import type { RunItem } from '$lib/core/runner/plan';
import { planForConfig } from '$lib/core/runner/plan-config';
import type { AttitudeSummary } from '$lib/core/scoring/attitude-summary';
import { scoreRunResults } from '$lib/core/scoring/run-results';
import type { SelectionSummary } from '$lib/core/scoring/selection-summary';
import type { ItemResult } from '$lib/core/schema/run';
import { database } from '$lib/storage/instance';
import { getRun, responsesOf, type StoredRun } from '$lib/storage/runs';
import { loadRunDataset } from './load-run-dataset';

/** What the page of an attitude or value-selection run shows: every item, its output and verdict. */
export interface ClassicRunPage {
  run: StoredRun;
  items: RunItem[];
  results: ItemResult[];
  summary: AttitudeSummary | SelectionSummary;
  /** Stored responses that no longer validate. */
  damaged: number;
}

/**
 * Reads and scores a task-1 or task-2 run; undefined when there is no such run. Run in the
 * analysis worker: a run of 40,000 responses froze the page for seconds on the main thread.
 */
export async function classicRunPage(runId: string): Promise<ClassicRunPage | undefined> {
  const run = await getRun(database, runId);
  if (run === undefined) return undefined;
  const { config } = run;
  if (config.task === 'extraction') throw new Error(`run ${runId} is a value-extraction run`);
  const [{ results, damaged }, { dataset, bench }] = await Promise.all([
    responsesOf(database, run.id),
    loadRunDataset(config.dataset.id, config.categories)
  ]);
  // The prompts are rebuilt from the run's settings, exactly as they were sent.
  const items = planForConfig(config, dataset, DEFAULT_TEMPLATES, (story) => exampleFor(bench, story));
  const summary = scoreRunResults(
    dataset,
    config.task,
    items.map((i) => i.key),
    results,
    config.prompt.reasoning
  );
  return { run, items, results, summary, damaged };
}
