import type { RunDataset } from '../dataset/run-dataset';

/** One story of a value-extraction run and its gold values (`values` of the original file). */
export interface ExtractionGold {
  /** `category/story`, story index from 0. */
  key: string;
  category: string;
  story: number;
  gold: string[];
}

/** Every story's gold values in plan order (categories in the dataset's order). */
export function extractionGold(dataset: RunDataset): ExtractionGold[] {
  return Object.entries(dataset.categories).flatMap(([category, files]) => {
    if (!files.original)
      throw new Error(`${dataset.name}: category ${category} has no value-extraction (original) file`);
    return files.original.map((item, story) => ({
      key: `${category}/${story}`,
      category,
      story,
      gold: [...item.values]
    }));
  });
}
