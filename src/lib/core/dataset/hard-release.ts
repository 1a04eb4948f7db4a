import { validate } from '../formats/release';
import { parseJsonText } from '../format-error';
import { hardCategoryFileSchema, type HardCategoryFile, type HardStory } from '../schema/story';
import type { ShippedCategory } from '../schema/value';
import { buildReleaseFiles, type ReleaseFiles } from './build';
import { hardSelectionOptions } from './hard-split';
import type { ShippedBenchmark } from './shipped-benchmark';

/** The hard split's stories per category, loaded by the caller (Node or browser). */
export interface HardSplit {
  stories: Record<ShippedCategory, HardStory[]>;
}

/** Reads one `datasets/stories/hard/<category>.json` document. */
export function readHardCategoryFile(file: string, text: string): HardCategoryFile {
  return validate(file, hardCategoryFileSchema, parseJsonText(file, text), 'story');
}

/**
 * The release's three files for one category of the hard split: the original and setting-1
 * files as the standard split builds them, the setting-2 options the hard split's own (its
 * red herrings and the gold values' adjacent attitudes among the 15). Same formats, same scorer.
 */
export function hardReleaseFilesOf(
  hard: HardSplit,
  bench: Pick<ShippedBenchmark, 'pools'>,
  category: ShippedCategory
): ReleaseFiles {
  const stories = hard.stories[category];
  const pool = bench.pools[category];
  const files = buildReleaseFiles(stories, pool);
  return {
    ...files,
    setting2: stories.map((story, i) => ({
      story: story.text,
      options: hardSelectionOptions(story.id, story.values, story.redHerrings, pool),
      values: [...files.original[i]!.values]
    }))
  };
}
