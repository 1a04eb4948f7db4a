import { scoreSelectionItem, type SelectionItemScore } from './selection';
import type { SelectionItem } from '../schema/task-items';
import { SubstringMatcher } from './lcs';
import { bootstrap, f1OfSums, quantile, wilson, type Interval } from './intervals';
import type { Outcome } from './outcome';
import { countOutcomes, lengthMismatch, type LengthMismatch } from './common';

export interface SelectionSummary {
  task: 'selection';
  /** Items looked at: the shorter of the outputs and the items, as in the release. */
  n: number;
  /** Items counted in precision and recall (the others are skipped, as the release skips them). */
  scored: number;
  skipped: number;
  /** Mean precision over scored items. */
  precision: number;
  /** Mean recall over scored items. */
  recall: number;
  /** 2PR/(P+R) of the means: the paper's number (not the mean of per-item F1s). */
  f1: number;
  f1Interval: Interval;
  /** Share of scored items whose chosen set equals the gold set exactly. */
  exactSetAccuracy: number;
  exactSetInterval: Interval;
  /** Per-item F1 of scored items: mean, quartiles, and counts in tenths (0-0.1, ..., 0.9-1). */
  itemF1: { mean: number; q1: number; median: number; q3: number; histogram: number[] };
  coverage: number;
  outcomes: Record<Outcome, number>;
  /** Items on which the release's own scorer would crash (scored 0 here). */
  flagged: number;
  items: SelectionItemScore[];
  lengthMismatch?: LengthMismatch;
}

type Scored = Extract<SelectionItemScore, { skipped: false }>;

/** Task 2 over a whole results array, paper-compatible. */
export function summarizeSelection(
  outputs: readonly (string | null)[],
  selectionItems: readonly SelectionItem[],
  { reasoning }: { reasoning: boolean }
): SelectionSummary {
  const n = Math.min(outputs.length, selectionItems.length);
  const matcher = new SubstringMatcher();
  const items: SelectionItemScore[] = [];
  for (let i = 0; i < n; i++)
    items.push(scoreSelectionItem(outputs[i]!, selectionItems[i]!, reasoning, matcher));
  const scored = items.filter((i): i is Scored => !i.skipped);
  const { precision, recall, f1 } = aggregate(scored);
  const exact = scored.filter((i) => i.exact).length;
  const answered = items.filter((i) => i.outcome === 'correct' || i.outcome === 'wrong').length;
  const summary: SelectionSummary = {
    task: 'selection',
    n,
    scored: scored.length,
    skipped: n - scored.length,
    precision,
    recall,
    f1,
    f1Interval: bootstrap(
      scored.map((i) => i.precision),
      scored.map((i) => i.recall),
      f1OfSums,
      { seed: 'selection-f1' }
    ),
    exactSetAccuracy: scored.length === 0 ? 0 : exact / scored.length,
    exactSetInterval: wilson(exact, scored.length),
    itemF1: distribution(scored.map((i) => i.f1)),
    coverage: n === 0 ? 0 : answered / n,
    outcomes: countOutcomes(items),
    flagged: scored.filter((i) => i.flag !== undefined).length,
    items
  };
  const mismatch = lengthMismatch(outputs.length, selectionItems.length);
  if (mismatch) summary.lengthMismatch = mismatch;
  return summary;
}

/**
 * The release's aggregate: plain left-to-right sums (so the floating-point result is the
 * same bit for bit), means of precision and recall, then F1 of the means.
 */
function aggregate(items: readonly SelectionItemScore[]): { precision: number; recall: number; f1: number } {
  let p = 0;
  let r = 0;
  let n = 0;
  for (const item of items) {
    // The release skips these items entirely.
    if (item.skipped) continue;
    p += item.precision;
    r += item.recall;
    n++;
  }
  if (n === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = p / n;
  const recall = r / n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** The release's F1 of mean precision and mean recall over the items it does not skip. */
export function f1OfMeans(items: readonly SelectionItemScore[]): number {
  return aggregate(items).f1;
}

/** Counts of values in [0, 1] by tenths (0–0.1, …, 0.9–1; 1 counts in the last). */
export function countInTenths(values: Iterable<number>): number[] {
  const histogram = new Array<number>(10).fill(0);
  for (const v of values) histogram[Math.max(0, Math.min(9, Math.floor(v * 10)))]!++;
  return histogram;
}

function distribution(values: readonly number[]): SelectionSummary['itemF1'] {
  const histogram = countInTenths(values);
  if (values.length === 0) return { mean: 0, q1: 0, median: 0, q3: 0, histogram };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => quantile(sorted, q);
  return {
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    q1: at(0.25),
    median: at(0.5),
    q3: at(0.75),
    histogram
  };
}
