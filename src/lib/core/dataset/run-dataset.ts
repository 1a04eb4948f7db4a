import type { CategoryFiles } from '../formats/bundle';
import { flattenQuestions, selectionItems, type LocatedQuestion } from '../formats/release';
import type { PlanCategory, SelectionItem } from '../schema/task-items';
import type { Task } from '../schema/run';

/** The items a run is asked on: a dataset's release files for one or more categories. */
export interface RunDataset {
  /** `shipped`, an imported dataset's id, or a file path. */
  id: string;
  name: string;
  /** Categories in run order. */
  categories: Record<string, CategoryFiles>;
}

export type RunnableTask = Task;
/** The tasks scored from a run's outputs alone (value extraction needs its judge's too). */
export type ClassicTask = Exclude<Task, 'extraction'>;

/** The plan input of each category, in order; a category without the task's file is an error. */
export function planCategories(dataset: RunDataset, task: RunnableTask): PlanCategory[] {
  return Object.entries(dataset.categories).map(([category, files]): PlanCategory => {
    if (task === 'attitude') {
      if (!files.setting1)
        throw new Error(`${dataset.name}: category ${category} has no attitude-detection file`);
      return { task, category, stories: files.setting1 };
    }
    if (task === 'extraction') {
      if (!files.original)
        throw new Error(`${dataset.name}: category ${category} has no value-extraction (original) file`);
      return { task, category, items: files.original };
    }
    if (!files.setting2) throw new Error(`${dataset.name}: category ${category} has no value-selection file`);
    return { task, category, items: files.setting2 };
  });
}

/** Task 1 questions in plan order (categories in order, then as the release flattens them). */
export function attitudeQuestionsOf(dataset: RunDataset): LocatedQuestion[] {
  return Object.values(dataset.categories).flatMap((files) => flattenQuestions(files.setting1 ?? []));
}

export function selectionItemsOf(dataset: RunDataset): SelectionItem[] {
  return Object.values(dataset.categories).flatMap((files) => selectionItems(files.setting2 ?? []));
}

/** The item keys `planRun` gives this dataset, without building any prompt (for scoring). */
export function planKeys(dataset: RunDataset, task: RunnableTask): string[] {
  return planCategories(dataset, task).flatMap((part) =>
    part.task === 'attitude'
      ? part.stories.flatMap((s, story) =>
          s.questions.map((_q, question) => `${part.category}/${story}/${question}`)
        )
      : part.items.map((_item, story) => `${part.category}/${story}`)
  );
}

/** The dataset restricted to some of its categories, in the dataset's order. */
export function datasetOfCategories(dataset: RunDataset, categories: readonly string[]): RunDataset {
  return {
    id: dataset.id,
    name: dataset.name,
    categories: Object.fromEntries(Object.entries(dataset.categories).filter(([c]) => categories.includes(c)))
  };
}
