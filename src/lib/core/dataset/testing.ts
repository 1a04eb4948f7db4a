/**
 * The shipped benchmark for core tests. Vite reads datasets/ as text (no Node `fs`, which core
 * code does not use), so the tests see exactly the benchmark the app ships.
 */
import { readPool } from '../formats/pool';
import { perShippedCategory } from '../schema/value';
import { POOL_OF_CATEGORY } from './draw';
import { readCategoryFile, type ShippedBenchmark } from './shipped-benchmark';

const storyFiles = import.meta.glob<string>('/datasets/stories/*.json', {
  query: '?raw',
  import: 'default',
  eager: true
});
const poolFiles = import.meta.glob<string>('/datasets/values/*.jsonl', {
  query: '?raw',
  import: 'default',
  eager: true
});

function text(files: Record<string, string>, path: string): string {
  const found = files[path];
  if (found === undefined) throw new Error(`datasets/ has no ${path}`);
  return found;
}

/** The shipped benchmark, read and validated on each call. */
export function shippedBenchmarkFixture(): ShippedBenchmark {
  return {
    stories: perShippedCategory((category) => {
      const path = `/datasets/stories/${category}.json`;
      return readCategoryFile(path, text(storyFiles, path)).stories;
    }),
    pools: perShippedCategory((category) => {
      const path = `/datasets/values/${POOL_OF_CATEGORY[category]}`;
      return readPool(path, text(poolFiles, path));
    })
  };
}
