import type { RunMaterial } from '../analysis/score';
import { attitudeQuestionsOf, planKeys, selectionItemsOf, type ClassicTask } from '../dataset/run-dataset';
import { summarizeAttitude } from '../scoring/attitude-summary';
import { outputsInOrder } from '../scoring/run-results';
import { summarizeSelection } from '../scoring/selection-summary';

/** What one reader run made of one story of its dataset. */
export interface ReaderStory {
  /** `category/index`: the story's place in the dataset's release files (0-based). */
  key: string;
  /** Items of the story the run was asked: its statements (task 1), or one (task 2). */
  items: number;
  /**
   * Items scored: the others failed, were never reached, or were skipped by the release's
   * scorer (task 2 with no value lines); they are not answered, never wrong.
   */
  answered: number;
  /**
   * Task 1: the share of answered statements whose answer is exactly the gold option (the
   * strict reading: under the release's matcher a `disagree` gold beside `neither agree or
   * disagree` can never be matched, so no story holding one could be solved).
   * Task 2: the story's F1 with the release's scorer. Null when nothing was answered.
   */
  solve: number | null;
}

/** The tasks a reader answers: attitude detection and value selection. */
export type ReaderTask = ClassicTask;

export function isReaderTask(task: string): task is ReaderTask {
  return task === 'attitude' || task === 'selection';
}

const storyOf = (itemKey: string): string => itemKey.split('/').slice(0, 2).join('/');

/**
 * A completed task-1 or task-2 run's figure on each story it was asked, in plan order, from its
 * stored raw outputs with the existing scorers (nothing is asked again).
 */
export function readerStoriesOf(run: Pick<RunMaterial, 'config' | 'dataset' | 'results'>): ReaderStory[] {
  const { config, dataset, results } = run;
  const task = config.task;
  if (!isReaderTask(task))
    throw new Error(`a ${task} run cannot be a reader: readers answer attitude detection or value selection`);
  const keys = planKeys(dataset, task);
  const outputs = outputsInOrder(keys, results);
  const reasoning = config.prompt.reasoning;
  const stories = new Map<string, { items: number; answered: number; sum: number }>();
  const add = (itemKey: string, score: number | null): void => {
    const key = storyOf(itemKey);
    const story = stories.get(key) ?? { items: 0, answered: 0, sum: 0 };
    stories.set(key, story);
    story.items++;
    if (score === null) return;
    story.answered++;
    story.sum += score;
  };
  if (task === 'attitude') {
    const { items } = summarizeAttitude(outputs, attitudeQuestionsOf(dataset), { reasoning, strict: true });
    items.forEach((item, i) => {
      add(keys[i]!, item.outcome === 'error' ? null : item.correct ? 1 : 0);
    });
  } else {
    const { items } = summarizeSelection(outputs, selectionItemsOf(dataset), { reasoning });
    items.forEach((item, i) => {
      add(keys[i]!, item.skipped || item.outcome === 'error' ? null : item.f1);
    });
  }
  return [...stories].map(([key, s]) => ({
    key,
    items: s.items,
    answered: s.answered,
    solve: s.answered === 0 ? null : s.sum / s.answered
  }));
}
