import { locateQuote, type QuoteLocation } from '../checks/locate-quote';

export type Replacement =
  | { applied: true; text: string; start: number; end: number; how: QuoteLocation['how'] }
  | { applied: false; reason: string };

/**
 * Replaces one speech of a story with its rewrite. The speech is located as quotes are
 * (exact, then ignoring quote marks, case and spacing, then by most of it in common); a loose
 * match is widened to the whole quoted speech around it, so no half of the old line stays
 * behind. When the speech cannot be located the text is left untouched and the reason returned:
 * a rewrite is recorded as unapplied, never pasted somewhere else.
 */
export function replaceSpeech(text: string, original: string, replacement: string): Replacement {
  const found = locateQuote(text, original);
  if (!found) return { applied: false, reason: 'the speech does not occur in the story' };
  const span = found.how === 'longest-common-substring' ? enclosingSpeech(text, found) : found;
  const clean = replacement.trim().replace(/^["“”]+|["“”]+$/g, '');
  if (clean === '') return { applied: false, reason: 'the rewrite is empty' };
  return {
    applied: true,
    text: text.slice(0, span.start) + clean + text.slice(span.end),
    start: span.start,
    end: span.start + clean.length,
    how: found.how
  };
}

/** The quoted speech (between quote marks on the same line) that contains a match, if any. */
function enclosingSpeech(text: string, at: { start: number; end: number }): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', at.start - 1) + 1;
  const lineEndRaw = text.indexOf('\n', at.end);
  const lineEnd = lineEndRaw < 0 ? text.length : lineEndRaw;
  const open = Math.max(text.lastIndexOf('"', at.start - 1), text.lastIndexOf('“', at.start - 1));
  const closeStraight = text.indexOf('"', at.end);
  const closeCurly = text.indexOf('”', at.end);
  const closes = [closeStraight, closeCurly].filter((i) => i >= 0);
  const close = closes.length > 0 ? Math.min(...closes) : -1;
  if (open >= lineStart && close >= 0 && close < lineEnd) return { start: open + 1, end: close };
  return at;
}
