import { planJudging, summarizeExtraction, type ExtractionGold, type ExtractionSummary } from '../extraction';
import type { JudgeTemplate } from '../prompts/extraction-templates';
import type { ItemResult } from '../schema/run';
import type { RunKind } from './run-kind';

export interface JudgingInput {
  /** The judged run's stories and gold values, in plan order. */
  gold: readonly ExtractionGold[];
  /** The judged run's stored results: the predictions to judge. */
  runResults: readonly ItemResult[];
  /** Judge calls per story (self-consistency). */
  samples: number;
  template?: JudgeTemplate;
}

/**
 * A judge model scoring a value-extraction run's predictions against the gold values. Each
 * item's reply is checked by the verdict parser: an unreadable verdict is asked again.
 */
export const judgingKind: RunKind<JudgingInput, ExtractionSummary> = {
  id: 'judging',
  store: 'results',
  plan: ({ gold, runResults, samples, template }) =>
    planJudging({ gold, results: runResults, samples, ...(template === undefined ? {} : { template }) }),
  summarise: ({ gold, runResults, samples }, judgeResults) =>
    summarizeExtraction({ gold, results: runResults, judgeResults, samples })
};
