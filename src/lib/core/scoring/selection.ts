import { bestMatch } from './match';
import { SubstringMatcher } from './lcs';
import type { Outcome } from './outcome';
import { pyIntRuns, pyLower, pyStrip, secondPiece } from '../text/python';
import type { SelectionItem } from '../schema/task-items';

/** Option numbers above this are ignored, whatever the option count (the release's quirk). */
export const MAX_OPTION_NUMBER = 15;
/** A line maps to an option only when they share a substring longer than this. */
export const LINE_MATCH_THRESHOLD = 15;

export interface SelectionExtraction {
  text: string;
  /** Option numbers that pointed past the end of the option list (the release would crash). */
  outOfRange: number[];
}

/** Step 1 of task 2: the text holding the chosen values. */
export function extractSelection(
  output: string,
  options: readonly string[],
  reasoning: boolean
): SelectionExtraction {
  if (!reasoning) return { text: pyStrip(output), outOfRange: [] };
  const lower = pyLower(output);
  if (lower.includes('final answer')) {
    const rest = secondPiece(lower, 'final answer');
    const numbers = pyIntRuns(rest, MAX_OPTION_NUMBER);
    return numbers.length > 0 ? optionsByNumber(numbers, options) : { text: rest, outOfRange: [] };
  }
  if (output.includes('</think>')) {
    // Digits anywhere in the output count, the thinking included (the release's quirk).
    const numbers = pyIntRuns(output, MAX_OPTION_NUMBER);
    return numbers.length > 0
      ? optionsByNumber(numbers, options)
      : { text: pyLower(pyStrip(secondPiece(output, '</think>'))), outOfRange: [] };
  }
  return { text: '', outOfRange: [] };
}

function optionsByNumber(numbers: readonly number[], options: readonly string[]): SelectionExtraction {
  const chosen: string[] = [];
  const outOfRange: number[] = [];
  for (const n of numbers) {
    if (n < 1 || n > MAX_OPTION_NUMBER) continue;
    const option = options[n - 1];
    if (option === undefined) outOfRange.push(n);
    else chosen.push(option);
  }
  return { text: chosen.join('\n'), outOfRange };
}

export type SelectionItemScore =
  | {
      skipped: true;
      reason: 'no gold values' | 'no value lines';
      text: string;
      outcome: Outcome;
    }
  | {
      skipped: false;
      text: string;
      /** The distinct predicted values after matching (`""` marks a line without `--`). */
      predicted: string[];
      tp: number;
      fp: number;
      fn: number;
      precision: number;
      recall: number;
      f1: number;
      /** The predicted set equals the gold set (our addition). */
      exact: boolean;
      outcome: Outcome;
      /** Inputs on which the release's own scorer crashes; scored 0 here. */
      flag?: 'only blank lines' | 'option number out of range';
    };

/** Scores one output (`null` for a call that failed for good) with the release's rules. */
export function scoreSelectionItem(
  output: string | null,
  item: SelectionItem,
  reasoning: boolean,
  matcher = new SubstringMatcher()
): SelectionItemScore {
  if (item.gold.length === 0) {
    return { skipped: true, reason: 'no gold values', text: output ?? '', outcome: 'unparseable' };
  }
  if (output === null) return zero('', item.gold.length, 'error');
  const { text, outOfRange } = extractSelection(output, item.options, reasoning);
  if (text === '') {
    const flag = outOfRange.length > 0 ? 'option number out of range' : undefined;
    return zero(text, item.gold.length, 'unparseable', flag);
  }

  const predicted = new Set<string>();
  for (const line of text.split('\n')) {
    if (pyStrip(line) === '') continue;
    if (!line.includes('--')) {
      predicted.add('');
      continue;
    }
    const match = bestMatch(matcher, line, item.options);
    predicted.add(
      match !== undefined && match.length > LINE_MATCH_THRESHOLD ? item.options[match.index]! : line
    );
  }
  if (predicted.size === 1 && predicted.has('')) {
    return { skipped: true, reason: 'no value lines', text, outcome: 'unparseable' };
  }
  let tp = 0;
  let fp = 0;
  for (const value of predicted) {
    if (value === '') continue;
    if (item.gold.includes(value)) tp++;
    else fp++;
  }
  let fn = 0;
  for (const g of item.gold) if (!predicted.has(g)) fn++;
  if (tp + fp === 0) return zero(text, fn, 'unparseable', 'only blank lines');

  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = precision === 0 && recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const goldSet = new Set(item.gold);
  const values = [...predicted].filter((v) => v !== '');
  const exact = values.length === goldSet.size && values.every((v) => goldSet.has(v));
  const score: SelectionItemScore = {
    skipped: false,
    text,
    predicted: [...predicted],
    tp,
    fp,
    fn,
    precision,
    recall,
    f1,
    exact,
    outcome: exact ? 'correct' : 'wrong'
  };
  if (outOfRange.length > 0) score.flag = 'option number out of range';
  return score;
}

function zero(
  text: string,
  fn: number,
  outcome: Outcome,
  flag?: 'only blank lines' | 'option number out of range'
): SelectionItemScore {
  const score: SelectionItemScore = {
    skipped: false,
    text,
    predicted: [],
    tp: 0,
    fp: 0,
    fn,
    precision: 0,
    recall: 0,
    f1: 0,
    exact: false,
    outcome
  };
  if (flag !== undefined) score.flag = flag;
  return score;
}
