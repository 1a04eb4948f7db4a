import { readPool } from '$lib/core/formats/pool';
import { readCategoryFile, type ShippedBenchmark } from '$lib/core/dataset/shipped-benchmark';
import { POOL_OF_CATEGORY } from '$lib/core/dataset/draw';
import {
  perShippedCategory as perCategory,
  SHIPPED_CATEGORIES,
  type ShippedCategory
} from '$lib/core/schema/value';
import type { PoolEntry } from '$lib/core/schema/value';
import type { HardStory, Story } from '$lib/core/schema/story';
import { readHardCategoryFile, type HardSplit } from '$lib/core/dataset/hard-release';
import type { AnnotationProject } from '$lib/core/annotation/project';
import {
  HARD_VALIDATION_DIR,
  labelledByEveryChecker,
  PROJECT_FILE_NAME,
  readProjectFile,
  readResultsFile,
  withResults
} from '$lib/core/annotation/hard-validation';

// In the browser the benchmark's files are assets fetched when a page needs them, not JavaScript:
// inside the bundle they weighed 120 KiB (gzip) on every page that showed stories. The
// prerender (Node) and unit tests read them as text from the build.
// The hard split's validation files (project and checkers' results) are bundled the same way.
const files: Record<string, () => Promise<string>> = import.meta.env.SSR
  ? import.meta.glob<string>(
      [
        '/datasets/stories/*.json',
        '/datasets/stories/hard/*.json',
        '/datasets/stories/hard/validation/*.json',
        '/datasets/values/*.jsonl'
      ],
      { query: '?raw', import: 'default' }
    )
  : fetched(
      import.meta.glob<string>(
        [
          '/datasets/stories/*.json',
          '/datasets/stories/hard/*.json',
          '/datasets/stories/hard/validation/*.json',
          '/datasets/values/*.jsonl'
        ],
        { query: '?url', import: 'default', eager: true }
      )
    );

function fetched(urls: Record<string, string>): Record<string, () => Promise<string>> {
  return Object.fromEntries(
    Object.entries(urls).map(([path, url]) => [
      path,
      async () => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${path} could not be downloaded (HTTP ${response.status})`);
        return response.text();
      }
    ])
  );
}

async function text(path: string): Promise<string> {
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
      const [stories, pool] = await Promise.all([text(storyPath), text(poolPath)]);
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

let hardLoaded: Promise<HardSplit> | undefined;

/** The hard split's stories, loaded and validated on first use (treat them as read-only). */
export function loadHardSplit(): Promise<HardSplit> {
  hardLoaded ??= readHardSplit().catch((e: unknown) => {
    hardLoaded = undefined;
    throw e;
  });
  return hardLoaded;
}

async function readHardSplit(): Promise<HardSplit> {
  const entries = await Promise.all(
    SHIPPED_CATEGORIES.map(async (category): Promise<[ShippedCategory, HardStory[]]> => {
      const path = `/datasets/stories/hard/${category}.json`;
      // A category not written yet is an empty one, not a broken build.
      if (files[path] === undefined) return [category, []];
      return [category, readHardCategoryFile(path, await text(path)).stories];
    })
  );
  return { stories: perCategory((c) => entries.find((e) => e[0] === c)?.[1] ?? []) };
}

/**
 * The hard split's shipped validation: its annotation project with the model checkers'
 * results attached (labels on an earlier text of a story, and items not every checker has
 * labelled yet, left out), or undefined when the
 * build has no validation project yet.
 */
export async function loadHardValidation(): Promise<AnnotationProject | undefined> {
  const dir = `/${HARD_VALIDATION_DIR}/`;
  const projectPath = `${dir}${PROJECT_FILE_NAME}`;
  if (files[projectPath] === undefined) return undefined;
  const resultPaths = Object.keys(files).filter(
    (p) => p.startsWith(dir) && p !== projectPath && p.endsWith('.json')
  );
  const [project, results] = await Promise.all([
    text(projectPath).then((t) => readProjectFile(projectPath, t)),
    Promise.all(resultPaths.map(async (p) => readResultsFile(p, await text(p))))
  ]);
  return labelledByEveryChecker(withResults(project, results).project);
}
