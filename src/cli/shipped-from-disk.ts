import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPool } from '../lib/core/formats/pool';
import { readCategoryFile, type ShippedBenchmark } from '../lib/core/dataset/shipped-benchmark';
import { POOL_OF_CATEGORY } from '../lib/core/dataset/draw';
import { perShippedCategory } from '../lib/core/schema/value';

/** The repository's datasets/ folder (the CLI runs from a checkout). */
export const DATASETS_DIR = fileURLToPath(new URL('../../datasets/', import.meta.url));

/** Loads the shipped benchmark from datasets/. */
export function loadShipped(): ShippedBenchmark {
  return {
    stories: perShippedCategory((category) => {
      const file = `${DATASETS_DIR}stories/${category}.json`;
      return readCategoryFile(file, readFileSync(file, 'utf8')).stories;
    }),
    pools: perShippedCategory((category) => {
      const file = `${DATASETS_DIR}values/${POOL_OF_CATEGORY[category]}`;
      return readPool(file, readFileSync(file, 'utf8'));
    })
  };
}
