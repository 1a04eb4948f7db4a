/**
 * Finding a quoted speech in a story. Checkers and rewriters quote the story loosely: other
 * quote marks, collapsed spaces, a changed letter case, a few words dropped. A quote is located
 * by exact match, then by a match that ignores those differences, then (as the release does
 * for speeches to replace) by the longest common substring with the story — accepted only when
 * that substring covers most of the quote, so an invented quote is reported as not found rather
 * than pinned on the nearest line.
 */

export interface QuoteLocation {
  /** Offsets in the story text, in UTF-16 code units: `text.slice(start, end)` is the match. */
  start: number;
  end: number;
  how: 'exact' | 'normalized' | 'longest-common-substring';
}

/** Share of the (normalized) quote the common substring must cover to count as found. */
export const FUZZY_MIN_SHARE = 0.6;
/** A common substring shorter than this is chance, whatever the share. */
export const FUZZY_MIN_CHARS = 12;

export function locateQuote(text: string, quote: string): QuoteLocation | undefined {
  const trimmed = stripQuoteMarks(quote.trim());
  if (trimmed === '') return undefined;
  const exact = text.indexOf(trimmed);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length, how: 'exact' };

  const story = normalizeWithOffsets(text);
  const wanted = normalizeWithOffsets(trimmed).text;
  if (wanted === '') return undefined;
  const at = story.text.indexOf(wanted);
  if (at >= 0) return story.span(at, at + wanted.length, 'normalized');

  const common = longestCommonSubstring(story.text, wanted);
  const best = { start: common.start, end: common.start + common.length };
  const length = best.end - best.start;
  if (length < FUZZY_MIN_CHARS || length < wanted.length * FUZZY_MIN_SHARE) return undefined;
  return story.span(best.start, best.end, 'longest-common-substring');
}

const QUOTE_MARKS = /["'“”‘’«»„]/g;

function stripQuoteMarks(quote: string): string {
  return quote.replace(/^["'“”‘’«»„]+|["'“”‘’«»„]+$/g, '').trim();
}

interface Normalized {
  text: string;
  /** Maps a span of the normalized text back to the original's offsets. */
  span(start: number, end: number, how: QuoteLocation['how']): QuoteLocation;
}

/**
 * Lower-cased, quote marks dropped, runs of whitespace as one space; each kept character
 * remembers where it came from in the original, so a match maps back to exact offsets.
 */
function normalizeWithOffsets(original: string): Normalized {
  let text = '';
  const from: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    if (QUOTE_MARKS.test(ch)) {
      QUOTE_MARKS.lastIndex = 0;
      continue;
    }
    if (/\s/.test(ch)) {
      if (!lastWasSpace) {
        text += ' ';
        from.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    text += ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
    from.push(i);
    lastWasSpace = false;
  }
  return {
    text,
    span(start, end, how) {
      // Leading or trailing spaces of the match are not part of the quoted words.
      while (start < end && text[start] === ' ') start++;
      while (end > start && text[end - 1] === ' ') end--;
      return { start: from[start]!, end: from[end - 1]! + 1, how };
    }
  };
}

/** Longest common substring of `a` and `b`: its start in `a` and its length (dynamic programming). */
function longestCommonSubstring(a: string, b: string): { start: number; length: number } {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  let best = { start: 0, length: 0 };
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : 0;
      if (current[j]! > best.length) best = { start: i - current[j]!, length: current[j]! };
    }
    [previous, current] = [current, previous];
    current.fill(0);
  }
  return best;
}
