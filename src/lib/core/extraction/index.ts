/**
 * Value extraction, the open-ended task, and its LLM judge.
 *
 * - `planRun` / `planForConfig` with `{ task: 'extraction' }`: one item per story (`category/story`),
 *   the analysis message then one follow-up asking for the values under `[Final answer]:`.
 * - `extractPrediction(output)`: the text after the last `[Final answer]` heading, or null.
 * - `extractionGold(dataset)`: each story's gold values (`values` of the original files), in plan order.
 * - `buildJudgeMessages`, `planJudging`, `judgeCheck`: the judge calls of a judging (k samples per
 *   item under `judgeItemKey(key, s)`), each refusing an unreadable verdict set so the runner asks again.
 * - `parseJudgement(text, goldCount)`: one verdict per gold value, never guessed.
 * - `summarizeExtraction` / `scoreExtractionRun`: per-story and overall scores with a bootstrap
 *   interval, counts of every way a verdict can be missing, judge usage, human corrections with
 *   judge–human agreement, and self-consistency over k samples.
 */
import type { RunDataset } from '../dataset/run-dataset';
import type { HumanVerdict } from '../schema/judging';
import type { ItemResult } from '../schema/run';
import { extractionGold } from './gold';
import { summarizeExtraction, type ExtractionSummary } from './summary';

export { extractPrediction } from './predict';
export { extractionGold, type ExtractionGold } from './gold';
export { buildJudgeMessages, judgeCheck, planJudging, type JudgingPlanInput } from './judge';
export { parseJudgement, type ParsedJudgement, type ParsedVerdict } from './parse-judgement';
export { cohenKappa, fleissKappa, MIN_AGREEMENT_N } from './agreement';
export { scoringJudging } from './scoring-judging';
export {
  summarizeExtraction,
  type Agreement,
  type Consistency,
  type ExtractionInput,
  type ExtractionItemScore,
  type ExtractionStatus,
  type ExtractionSummary,
  type GoldVerdict,
  type JudgeUsage
} from './summary';
export { DEFAULT_JUDGE_SAMPLING, judgeItemKey } from '../schema/judging';
export { buildExtractionMessages } from '../prompts/extraction-build';
export {
  DEFAULT_EXTRACTION_TEMPLATES,
  DEFAULT_JUDGE_TEMPLATE,
  extractionTemplateHash,
  judgeTemplateHash,
  type ExtractionTemplates,
  type JudgeTemplate
} from '../prompts/extraction-templates';

/**
 * Scores a value-extraction run's stored results with one judging's results. `keys` are the
 * run's item keys in plan order (`planKeys(dataset, 'extraction')`): stories outside them are
 * left out, as a run of some categories only would.
 */
export function scoreExtractionRun(
  dataset: RunDataset,
  keys: readonly string[],
  results: readonly ItemResult[],
  judgeResults: readonly ItemResult[],
  humanVerdicts?: readonly HumanVerdict[],
  options: { samples?: number } = {}
): ExtractionSummary {
  const wanted = new Set(keys);
  const gold = extractionGold(dataset).filter((g) => wanted.has(g.key));
  return summarizeExtraction({
    gold,
    results,
    judgeResults,
    ...(humanVerdicts === undefined ? {} : { humanVerdicts }),
    ...(options.samples === undefined ? {} : { samples: options.samples })
  });
}
