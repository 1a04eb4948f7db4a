import type { ChatMessage } from '../ports';
import { fill } from '../prompts/templates';
import { DEFAULT_JUDGE_TEMPLATE, type JudgeTemplate } from '../prompts/extraction-templates';
import type { RunItem } from '../runner/plan';
import { judgeItemKey } from '../schema/judging';
import type { ItemResult } from '../schema/run';
import type { ExtractionGold } from './gold';
import { parseJudgement } from './parse-judgement';
import { extractPrediction } from './predict';

/** The judge's messages for one story: the predicted values as written, the gold values numbered. */
export function buildJudgeMessages(
  predicted: string,
  gold: readonly string[],
  template: JudgeTemplate = DEFAULT_JUDGE_TEMPLATE
): ChatMessage[] {
  const user = fill(
    template.body,
    {
      predicted,
      gold: gold.map((g, i) => `Value ${i + 1}: ${g}`).join('\n'),
      count: String(gold.length)
    },
    'judge'
  );
  return template.system.trim() === ''
    ? [{ role: 'user', content: user }]
    : [
        { role: 'system', content: template.system },
        { role: 'user', content: user }
      ];
}

/**
 * Refuses a judge reply that does not give every gold value a readable verdict, or that
 * scores a value that does not exist: the runner asks again (up to its `maxRejected`).
 */
export function judgeCheck(goldCount: number): (text: string) => string | undefined {
  return (text) => {
    const parsed = parseJudgement(text, goldCount);
    const unread = parsed.verdicts.filter((v) => 'unparseable' in v).length;
    if (unread === 0 && parsed.extra.length === 0) return undefined;
    return parsed.problem ?? `${unread} of ${goldCount} verdicts cannot be read`;
  };
}

export interface JudgingPlanInput {
  /** The run's stories and gold values, in plan order. */
  gold: readonly ExtractionGold[];
  /** The run's stored results; items without a prediction get no judge call. */
  results: readonly ItemResult[];
  /** Judge calls per item (self-consistency); keys `judgeItemKey(itemKey, s)`. */
  samples: number;
  template?: JudgeTemplate;
}

/** The judge calls of a judging, in plan order, samples of one story adjacent. */
export function planJudging(input: JudgingPlanInput): RunItem[] {
  if (!Number.isInteger(input.samples) || input.samples < 1)
    throw new RangeError('samples must be a whole number ≥ 1');
  const outputs = new Map(input.results.map((r) => [r.itemKey, r.output]));
  const items: RunItem[] = [];
  for (const story of input.gold) {
    const predicted = extractPrediction(outputs.get(story.key) ?? null);
    if (predicted === null || story.gold.length === 0) continue;
    const messages = buildJudgeMessages(predicted, story.gold, input.template);
    const check = judgeCheck(story.gold.length);
    for (let s = 0; s < input.samples; s++) {
      items.push({
        key: judgeItemKey(story.key, s),
        category: story.category,
        story: story.story,
        messages,
        check
      });
    }
  }
  return items;
}
