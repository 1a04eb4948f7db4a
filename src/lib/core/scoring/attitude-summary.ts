import {
  goldOptionReachable,
  scoreAttitudeItem,
  scoreAttitudeItemStrict,
  type AttitudeItemScore
} from './attitude';
import type { AttitudeQuestion } from '../schema/task-items';
import { SubstringMatcher } from './lcs';
import { listKey } from '../text/list-key';
import { wilson, type Interval } from './intervals';
import type { Outcome } from './outcome';
import { countOutcomes, lengthMismatch, pairCounts, type LengthMismatch } from './common';

export interface LabelScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Questions with this gold label. */
  support: number;
}

export interface AttitudeSummary {
  task: 'attitude';
  strict: boolean;
  /** Questions scored: the shorter of the outputs and the questions, as in the release. */
  n: number;
  correct: number;
  /** The paper's number (it calls it F1; with one label per question it equals accuracy). */
  accuracy: number;
  accuracyInterval: Interval;
  /** Share of items with an extracted answer. */
  coverage: number;
  /**
   * Share of questions whose gold option some answer can reach under the release's matcher.
   * Below 1 when an option's text sits inside an earlier option: with `agree, neither agree or
   * disagree, disagree`, any answer sharing "disagree" with the last option shares it equally
   * with the middle one, which comes first and wins. Paper-compatible accuracy cannot exceed it.
   */
  ceiling: number;
  macroF1: number;
  perLabel: LabelScore[];
  /** gold label -> predicted label (or `(unmatched)`, `(no answer)`) -> count. */
  confusion: Record<string, Record<string, number>>;
  outcomes: Record<Outcome, number>;
  items: AttitudeItemScore[];
  lengthMismatch?: LengthMismatch;
}

export const UNMATCHED = '(unmatched)';
export const NO_ANSWER = '(no answer)';

/** Task 1 over a whole results array, paper-compatible unless `strict`. */
export function summarizeAttitude(
  outputs: readonly (string | null)[],
  questions: readonly AttitudeQuestion[],
  { reasoning, strict = false }: { reasoning: boolean; strict?: boolean }
): AttitudeSummary {
  const n = Math.min(outputs.length, questions.length);
  const matcher = new SubstringMatcher();
  const items: AttitudeItemScore[] = new Array<AttitudeItemScore>(n);
  let correct = 0;
  let answered = 0;
  let reachable = 0;
  const reachability: Reachability = { byContent: new Map(), byList: new WeakMap() };
  for (let i = 0; i < n; i++) {
    const item = strict
      ? scoreAttitudeItemStrict(outputs[i]!, questions[i]!, reasoning)
      : scoreAttitudeItem(outputs[i]!, questions[i]!, reasoning, matcher);
    items[i] = item;
    if (item.correct) correct++;
    if (item.outcome === 'correct' || item.outcome === 'wrong') answered++;
    if (strict || isReachable(questions[i]!, reachability)) reachable++;
  }
  const summary: AttitudeSummary = {
    task: 'attitude',
    strict,
    n,
    correct,
    accuracy: n === 0 ? 0 : correct / n,
    accuracyInterval: wilson(correct, n),
    coverage: n === 0 ? 0 : answered / n,
    ceiling: n === 0 ? 0 : reachable / n,
    ...labelScores(items),
    outcomes: countOutcomes(items),
    items
  };
  const mismatch = lengthMismatch(outputs.length, questions.length);
  if (mismatch) summary.lengthMismatch = mismatch;
  return summary;
}

/** Per option list (by content, and by identity for shared lists), gold -> reachable. */
interface Reachability {
  byContent: Map<string, Map<string, boolean>>;
  byList: WeakMap<readonly string[], Map<string, boolean>>;
}

/** `goldOptionReachable`, cached per option list and gold (questions share few distinct ones). */
function isReachable(question: AttitudeQuestion, cache: Reachability): boolean {
  let byGold = cache.byList.get(question.options);
  if (byGold === undefined) {
    const key = listKey(question.options);
    byGold = cache.byContent.get(key) ?? new Map<string, boolean>();
    cache.byContent.set(key, byGold);
    cache.byList.set(question.options, byGold);
  }
  let reachable = byGold.get(question.gold);
  if (reachable === undefined) {
    reachable = goldOptionReachable(question);
    byGold.set(question.gold, reachable);
  }
  return reachable;
}

/**
 * Gold label -> predicted label -> count over these items only, so a part of a run (one
 * category) has only the labels its own items hold.
 */
export function confusionOf(items: readonly AttitudeItemScore[]): Record<string, Record<string, number>> {
  return pairCounts(
    items.map((item) => [
      item.gold,
      item.outcome === 'error' || item.outcome === 'unparseable'
        ? NO_ANSWER
        : item.option === undefined
          ? UNMATCHED
          : item.prediction
    ])
  );
}

function labelScores(items: readonly AttitudeItemScore[]): {
  macroF1: number;
  perLabel: LabelScore[];
  confusion: Record<string, Record<string, number>>;
} {
  const labels = [...new Set(items.map((i) => i.gold))].sort();
  // One pass over the items counts every label's true and false positives and misses.
  const counts = new Map(labels.map((label) => [label, { tp: 0, fp: 0, fn: 0 }]));
  for (const item of items) {
    const gold = counts.get(item.gold)!;
    const predicted = item.outcome === 'error' ? undefined : counts.get(item.prediction);
    if (predicted === gold) gold.tp++;
    else {
      if (predicted !== undefined) predicted.fp++;
      gold.fn++;
    }
  }
  const confusion = confusionOf(items);
  const perLabel = labels.map((label) => {
    const { tp, fp, fn } = counts.get(label)!;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: tp + fn };
  });
  const macroF1 = perLabel.length === 0 ? 0 : perLabel.reduce((s, l) => s + l.f1, 0) / perLabel.length;
  return { macroF1, perLabel, confusion };
}
