import type { ItemResult } from '../schema/run';
import type { ClassicTask, RunDataset } from '../dataset/run-dataset';
import { attitudeQuestionsOf, selectionItemsOf } from '../dataset/run-dataset';
import { summarizeAttitude, type AttitudeSummary } from './attitude-summary';
import { summarizeSelection, type SelectionSummary } from './selection-summary';

/**
 * A run's raw outputs in plan order: the stored output of each item, or null when the item
 * has none (it failed for good, or the run has not reached it), which scores as `error`.
 */
export function outputsInOrder(keys: readonly string[], results: readonly ItemResult[]): (string | null)[] {
  const byKey = new Map(results.map((r) => [r.itemKey, r.output]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Scores a run's stored results with the paper-compatible rules (recomputable at any time).
 * Value-extraction runs are scored with their judging: `scoreExtractionRun` in core/extraction.
 */
export function scoreRunResults(
  dataset: RunDataset,
  task: ClassicTask,
  keys: readonly string[],
  results: readonly ItemResult[],
  reasoning: boolean
): AttitudeSummary | SelectionSummary {
  const outputs = outputsInOrder(keys, results);
  return task === 'attitude'
    ? summarizeAttitude(outputs, attitudeQuestionsOf(dataset), { reasoning })
    : summarizeSelection(outputs, selectionItemsOf(dataset), { reasoning });
}
