import type { RunDataset } from '../dataset/run-dataset';
import type { RunItem } from '../runner/plan';
import { planRun } from '../runner/plan';
import type { OriginalItem } from '../schema/release';
import type { ExtractionTemplates } from '../prompts/extraction-templates';
import { DEFAULT_TEMPLATES } from '../prompts/templates';

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

export interface ExtractionPlanInput {
  categories: readonly { category: string; items: readonly OriginalItem[] }[];
  systemPrompt: string;
  templates?: ExtractionTemplates;
}

/** The run items of a value-extraction run: one per story, the analysis then the values. */
export function planExtraction(input: ExtractionPlanInput): RunItem[] {
  return planRun({
    categories: input.categories.map((c) => ({ task: 'extraction', category: c.category, items: c.items })),
    setting: { reasoning: true, shots: 0, systemPrompt: input.systemPrompt },
    // Attitude and selection templates are not used by an extraction plan.
    templates: DEFAULT_TEMPLATES,
    ...(input.templates === undefined ? {} : { extractionTemplates: input.templates })
  });
}
