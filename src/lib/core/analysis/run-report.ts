import type { RunDataset } from '../dataset/run-dataset';
import { exampleFor, type ShippedBenchmark } from '../dataset/shipped-benchmark';
import { DEFAULT_TEMPLATES } from '../prompts/templates';
import type { RunItem } from '../runner/plan';
import { planForConfig } from '../runner/plan-config';
import type { RunConfig } from '../schema/run';

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
