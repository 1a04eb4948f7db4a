import type { Interval } from '$lib/core/scoring/intervals';

export const TASK_NAMES: Record<string, string> = {
  attitude: 'Attitude detection',
  selection: 'Value selection',
  extraction: 'Value extraction'
};

export const METRIC_NAMES: Record<string, string> = {
  accuracy: 'accuracy',
  f1: 'F1',
  judge: 'judge score'
};

export function score(x: number): string {
  return x.toFixed(3);
}

export function interval(i: Interval | null | undefined): string {
  return i ? `${score(i.low)}–${score(i.high)}` : '';
}

export function categoryName(category: string, overall: string): string {
  return category === overall ? 'overall' : category;
}
