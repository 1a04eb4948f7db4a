import type { ClassicTask, RunDataset } from '../dataset/run-dataset';
import { exampleFor, type ShippedBenchmark } from '../dataset/shipped-benchmark';
import { DEFAULT_TEMPLATES } from '../prompts/templates';
import type { RunItem } from '../runner/plan';
import { planForConfig } from '../runner/plan-config';
import type { ItemResult, RunConfig } from '../schema/run';
import type { AttitudeSummary } from '../scoring/attitude-summary';
import { scoreRunResults } from '../scoring/run-results';
import type { SelectionSummary } from '../scoring/selection-summary';

/**
 * The prompts a recorded run sent, rebuilt from its settings exactly as they were sent (one-shot
 * examples come from the shipped benchmark, as when the run was made).
 */
export function sentItems(config: RunConfig, dataset: RunDataset, bench?: ShippedBenchmark): RunItem[] {
  return planForConfig(
    config,
    dataset,
    DEFAULT_TEMPLATES,
    bench === undefined ? undefined : (story) => exampleFor(bench, story)
  );
}

/** An attitude-detection or value-selection run as its page shows it: its items and its scores. */
export interface ClassicRunReport {
  items: RunItem[];
  summary: AttitudeSummary | SelectionSummary;
}

export function classicRunReport(
  config: RunConfig,
  task: ClassicTask,
  dataset: RunDataset,
  bench: ShippedBenchmark,
  results: readonly ItemResult[]
): ClassicRunReport {
  const items = sentItems(config, dataset, bench);
  const summary = scoreRunResults(
    dataset,
    task,
    items.map((i) => i.key),
    results,
    config.prompt.reasoning
  );
  return { items, summary };
}
