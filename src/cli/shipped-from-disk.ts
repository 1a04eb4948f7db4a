import { join } from 'node:path';
import { readPool } from '../lib/core/formats/pool';
import { readCategoryFile, type ShippedBenchmark } from '../lib/core/dataset/shipped-benchmark';
import { POOL_OF_CATEGORY } from '../lib/core/dataset/draw';
import { perShippedCategory } from '../lib/core/schema/value';
import { readHardCategoryFile, type HardSplit } from '../lib/core/dataset/hard-release';
import { REPO_ROOT } from './repo-root';
import { readText } from './files';

/** The repository's datasets/ folder (the CLI runs from a checkout). */
export const DATASETS_DIR = join(REPO_ROOT, 'datasets') + '/';

/** Loads the shipped benchmark from datasets/. */
export function loadShipped(): ShippedBenchmark {
  return {
    stories: perShippedCategory((category) => {
      const file = `${DATASETS_DIR}stories/${category}.json`;
      return readCategoryFile(file, readText(file, 'shipped dataset')).stories;
    }),
    pools: perShippedCategory((category) => {
      const file = `${DATASETS_DIR}values/${POOL_OF_CATEGORY[category]}`;
      return readPool(file, readText(file, 'shipped value pool'));
    })
  };
}

/** Loads the hard split from datasets/stories/hard/. */
export function loadHard(): HardSplit {
  return {
    stories: perShippedCategory((category) => {
      const file = `${DATASETS_DIR}stories/hard/${category}.json`;
      return readHardCategoryFile(file, readText(file, 'hard split')).stories;
    })
  };
}
