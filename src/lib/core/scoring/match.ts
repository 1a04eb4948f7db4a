import { SubstringMatcher } from './lcs';
import { pyLower } from '../text/python';

export interface BestMatch {
  /** Index of the kept candidate. */
  index: number;
  /** Its longest-common-substring length with the answer (code points, lower-cased). */
  length: number;
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
  const a = pyLower(answer);
  let best: BestMatch | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const length = matcher.length(a, pyLower(candidates[i]!));
    if (length > (best?.length ?? 0)) best = { index: i, length };
  }
  return best;
}
