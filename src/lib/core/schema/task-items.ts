import type { OriginalItem, Setting1Story, Setting2Item } from './release';

// The items of each task in the shapes the planner and the scorers take. They live here, with
// the other validated types, so that formats and datasets can produce them without importing
// the scorer or the runner.

/** One attitude-detection question as the scorer needs it. */
export interface AttitudeQuestion {
  /** The raw option list of the release (untrimmed entries). */
  options: readonly string[];
  /** The gold attitude (`gold label`). */
  gold: string;
}

/** One value-selection item as the scorer needs it. */
export interface SelectionItem {
  /** The options shown (15 in the release). */
  options: readonly string[];
  /** The gold values (a list: duplicates count twice towards false negatives, as in the release). */
  gold: readonly string[];
}

/** One category of a dataset, in the release's structure for the task being run. */
export type PlanCategory =
  | { task: 'attitude'; category: string; stories: readonly Setting1Story[] }
  | { task: 'selection'; category: string; items: readonly Setting2Item[] }
  | { task: 'extraction'; category: string; items: readonly OriginalItem[] };
