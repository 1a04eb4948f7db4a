import { readPool } from '$lib/core/formats/pool';
import { readCategoryFile, type ShippedBenchmark } from '$lib/core/dataset/shipped-benchmark';
import { POOL_OF_CATEGORY } from '$lib/core/dataset/draw';
import {
  perShippedCategory as perCategory,
  SHIPPED_CATEGORIES,
  type ShippedCategory
} from '$lib/core/schema/value';
import type { PoolEntry } from '$lib/core/schema/value';
import type { Story } from '$lib/core/schema/story';

// The benchmark ships inside the app bundle, split into lazily loaded chunks, so the pages
// that do not show stories never download them.
const storyFiles = import.meta.glob<string>('/datasets/stories/*.json', { query: '?raw', import: 'default' });
const poolFiles = import.meta.glob<string>('/datasets/values/*.jsonl', { query: '?raw', import: 'default' });

async function text(files: Record<string, () => Promise<string>>, path: string): Promise<string> {
  const load = files[path];
  if (load === undefined) throw new Error(`the app was built without ${path}`);
  return load();
}

// The benchmark is built into the app and never changes while it runs: read and validated once
// per page load, not once per run the leaderboard, a drill-down or an import looks at.
let loaded: Promise<ShippedBenchmark> | undefined;

/** The shipped benchmark, loaded and validated on first use (treat it as read-only). */
export function loadShippedBenchmark(): Promise<ShippedBenchmark> {
  loaded ??= readShippedBenchmark().catch((e: unknown) => {
    // A failed chunk download may succeed on the next try.
    loaded = undefined;
    throw e;
  });
  return loaded;
}

async function readShippedBenchmark(): Promise<ShippedBenchmark> {
  const entries = await Promise.all(
    SHIPPED_CATEGORIES.map(async (category): Promise<[ShippedCategory, Story[], PoolEntry[]]> => {
      const storyPath = `/datasets/stories/${category}.json`;
      const poolPath = `/datasets/values/${POOL_OF_CATEGORY[category]}`;
      const [stories, pool] = await Promise.all([text(storyFiles, storyPath), text(poolFiles, poolPath)]);
      return [category, readCategoryFile(storyPath, stories).stories, readPool(poolPath, pool)];
    })
  );
  const find = (category: ShippedCategory): [ShippedCategory, Story[], PoolEntry[]] => {
    const entry = entries.find((e) => e[0] === category);
    if (entry === undefined) throw new Error(`no ${category} stories`);
    return entry;
  };
  return {
    stories: perCategory((c) => find(c)[1]),
    pools: perCategory((c) => find(c)[2])
  };
}
