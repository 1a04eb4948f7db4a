import { SubstringMatcher } from './lcs';
import { pyLower } from '../text/python';

export interface BestMatch {
  /** Index of the kept candidate. */
  readonly index: number;
  /** Its longest-common-substring length with the answer (code points, lower-cased). */
  readonly length: number;
}

/**
 * The release's `best(answer, candidates)`: the first candidate with the largest common
 * substring with the answer (a later one wins only if strictly longer; length 0 never counts).
 */
export function bestMatch(
  matcher: SubstringMatcher,
  answer: string,
  candidates: readonly string[]
): BestMatch | undefined {
  const lowered = matcher.lowered(candidates);
  // Long answers (reasoning) rarely repeat: keeping them would only hold memory.
  if (answer.length > MEMO_LIMIT) return compute(matcher, answer, lowered);
  const memo = matcher.answersOf(lowered);
  const known = memo.get(answer);
  if (known !== undefined) return known ?? undefined;
  const match = compute(matcher, answer, lowered);
  memo.set(answer, match ?? null);
  return match;
}

/** Answers up to this many UTF-16 units have their match remembered per option list. */
const MEMO_LIMIT = 200;

function compute(
  matcher: SubstringMatcher,
  answer: string,
  lowered: readonly string[]
): BestMatch | undefined {
  const a = pyLower(answer);
  let best: BestMatch | undefined;
  const aLength = codePointLength(a);
  if (aLength === 0) return undefined;
  // Answers usually copy an option. The first candidate holding the whole answer shares all of
  // it, which no candidate can beat, and no earlier one can equal (it would hold the answer too).
  const whole = lowered.findIndex((candidate) => candidate.includes(a));
  if (whole >= 0) return { index: whole, length: aLength };
  for (let i = 0; i < lowered.length; i++) {
    const candidate = lowered[i]!;
    // No candidate can share more than its own length; skip those that cannot win.
    if (Math.min(aLength, candidate.length) <= (best?.length ?? 0)) continue;
    const length = matcher.length(a, candidate);
    if (length > (best?.length ?? 0)) best = { index: i, length };
  }
  return best;
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let k = 0; k < s.length - 1; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        k++;
      }
    }
  }
  return n;
}
