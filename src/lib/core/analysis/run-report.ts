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
  const alone = storyAlone(dataset, key);
  return alone === undefined ? undefined : sentItemAlone(config, alone, key, bench);
}

/** A key's story alone: a dataset of that one story (its category, at place 0) and its key there. */
export interface StoryAlone {
  dataset: RunDataset;
  category: string;
  key: string;
  story: number;
}

export function storyAlone(dataset: RunDataset, key: string): StoryAlone | undefined {
  const [category, storyText, ...rest] = key.split('/');
  const story = Number(storyText);
  const files = category === undefined ? undefined : dataset.categories[category];
  if (category === undefined || files === undefined || !Number.isInteger(story) || story < 0)
    return undefined;
  const one = <T>(list: readonly T[] | undefined): T[] | undefined => {
    const entry = list?.[story];
    return entry === undefined ? undefined : [entry];
  };
  return {
    dataset: {
      ...dataset,
      categories: {
        [category]: {
          ...(files.setting1 && { setting1: one(files.setting1) ?? [] }),
          ...(files.setting2 && { setting2: one(files.setting2) ?? [] }),
          ...(files.original && { original: one(files.original) ?? [] })
        }
      }
    },
    category,
    key: [category, '0', ...rest].join('/'),
    story
  };
}

/** `sentItem` of a story taken alone (`storyAlone`), under the item's own `key`. */
export function sentItemAlone(
  config: RunConfig,
  alone: StoryAlone,
  key: string,
  bench?: ShippedBenchmark
): RunItem | undefined {
  const item = sentItems({ ...config, categories: [alone.category] }, alone.dataset, bench).find(
    (i) => i.key === alone.key
  );
  return item === undefined ? undefined : { ...item, key, story: alone.story };
}
