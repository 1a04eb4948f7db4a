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

/**
 * One item's prompt as `sentItems` rebuilds it, without building every other item's: its story
 * alone is planned (prompts do not depend on a story's place) and the key put back.
 * Undefined for a key the dataset does not have.
 */
export function sentItem(
  config: RunConfig,
  dataset: RunDataset,
  key: string,
  bench?: ShippedBenchmark
): RunItem | undefined {
  const [category, storyText, ...rest] = key.split('/');
  const story = Number(storyText);
  const files = category === undefined ? undefined : dataset.categories[category];
  if (files === undefined || !Number.isInteger(story) || story < 0) return undefined;
  const one = <T>(list: readonly T[] | undefined): T[] | undefined => {
    const entry = list?.[story];
    return entry === undefined ? undefined : [entry];
  };
  const alone: RunDataset = {
    ...dataset,
    categories: {
      [category!]: {
        ...(files.setting1 && { setting1: one(files.setting1) ?? [] }),
        ...(files.setting2 && { setting2: one(files.setting2) ?? [] }),
        ...(files.original && { original: one(files.original) ?? [] })
      }
    }
  };
  const wanted = [category, '0', ...rest].join('/');
  const item = sentItems({ ...config, categories: [category!] }, alone, bench).find((i) => i.key === wanted);
  return item === undefined ? undefined : { ...item, key, story };
}
