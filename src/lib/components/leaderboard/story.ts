import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { Task } from '$lib/core/schema/run';

/** The text of a story as the run's task saw it (each task has its own release file). */
export function storyText(dataset: RunDataset, task: Task, category: string, story: number): string {
  const files = dataset.categories[category];
  if (files === undefined) return '';
  const list = task === 'attitude' ? files.setting1 : task === 'selection' ? files.setting2 : files.original;
  return list?.[story]?.story ?? '';
}

/** A page of a list: 1-based page number, clamped into range. */
export function pageOf<T>(
  list: readonly T[],
  page: number,
  size: number
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const at = Math.min(Math.max(1, Number.isInteger(page) ? page : 1), pages);
  return { items: list.slice((at - 1) * size, at * size), page: at, pages };
}
