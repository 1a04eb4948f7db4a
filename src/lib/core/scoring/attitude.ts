import { bestMatch } from './match';
import { SubstringMatcher } from './lcs';
import type { Outcome } from './outcome';
import { pyLower, pyStrip, pyStripChars, secondPiece } from '../text/python';
import type { AttitudeQuestion } from '../schema/task-items';

export interface AttitudeExtraction {
  /** The answer text after extraction (lower-cased, `:` and whitespace stripped). */
  answer: string;
  /** False when no answer could be found (no marker in a reasoning output, or empty text). */
  found: boolean;
}

/** Reasoning outputs put the answer after the first of these markers that is present. */
const ANSWER_MARKERS = ['[Answer]', '**Answer**', '</think>'] as const;

/** Steps 1 and 2 of task 1: the answer text of one output. */
export function extractAttitude(output: string, reasoning: boolean): AttitudeExtraction {
  let answer: string;
  let marked = true;
  if (!reasoning) {
    answer = pyLower(pyStripChars(pyStrip(output), "'"));
  } else {
    const marker = ANSWER_MARKERS.find((m) => output.includes(m));
    if (marker === undefined) {
      answer = '';
      marked = false;
    } else {
      answer = pyLower(pyStrip(secondPiece(output, marker)));
    }
  }
  answer = pyStrip(pyStripChars(answer, ':'));
  return { answer, found: marked && answer !== '' };
}

export interface AttitudeItemScore {
  answer: string;
  /** Index of the option the answer was mapped to, if any. */
  option?: number;
  /** What is compared with the gold label. */
  prediction: string;
  gold: string;
  correct: boolean;
  outcome: Outcome;
}

/**
 * Scores one output (`null` for a call that failed for good) with the release's rules:
 * the answer maps to the option sharing the longest substring with it (any length, even one
 * letter), and is correct when that option equals the gold label.
 */
export function scoreAttitudeItem(
  output: string | null,
  question: AttitudeQuestion,
  reasoning: boolean,
  matcher = new SubstringMatcher()
): AttitudeItemScore {
  const gold = pyLower(question.gold);
  if (output === null) {
    return { answer: '', prediction: '', gold, correct: false, outcome: 'error' };
  }
  const { answer, found } = extractAttitude(output, reasoning);
  const match = bestMatch(matcher, answer, question.options);
  const prediction =
    match === undefined ? pyLower(pyStrip(answer)) : pyLower(pyStrip(question.options[match.index]!));
  const correct = prediction === gold;
  const outcome: Outcome = correct ? 'correct' : found ? 'wrong' : 'unparseable';
  return match === undefined
    ? { answer, prediction, gold, correct, outcome }
    : { answer, option: match.index, prediction, gold, correct, outcome };
}

/**
 * Strict reading (not comparable with the paper): the answer must be exactly one option
 * (trimmed, any case) or its 1-based number; anything else is unparseable.
 */
export function scoreAttitudeItemStrict(
  output: string | null,
  question: AttitudeQuestion,
  reasoning: boolean
): AttitudeItemScore {
  const gold = pyLower(question.gold);
  if (output === null) return { answer: '', prediction: '', gold, correct: false, outcome: 'error' };
  const { answer } = extractAttitude(output, reasoning);
  const options = question.options.map((o) => pyLower(pyStrip(o)));
  let index = options.findIndex((o) => o !== '' && o === answer);
  if (index < 0 && /^[0-9]+$/.test(answer)) {
    const n = Number(answer);
    if (n >= 1 && n <= options.length) index = n - 1;
  }
  if (index < 0) return { answer, prediction: answer, gold, correct: false, outcome: 'unparseable' };
  const prediction = options[index]!;
  const correct = prediction === gold;
  return { answer, option: index, prediction, gold, correct, outcome: correct ? 'correct' : 'wrong' };
}

/**
 * Whether any answer can be scored correct on this question under the release's matcher.
 * An answer holding the whole gold option (its spaces too, between characters no option
 * has) shares all of it with that option and less with any option that does not contain it,
 * so it wins unless an earlier option contains the gold option's text: then every substring
 * it shares with the gold option it shares equally with the earlier one, which wins the tie.
 */
export function goldOptionReachable(question: AttitudeQuestion): boolean {
  const gold = pyLower(question.gold);
  const lowered = question.options.map(pyLower);
  return lowered.some(
    (option, k) =>
      option.trim() !== '' &&
      pyStrip(option) === gold &&
      !lowered.slice(0, k).some((earlier) => earlier.includes(option))
  );
}
