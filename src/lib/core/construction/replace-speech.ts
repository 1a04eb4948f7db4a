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
  const span =
    found.how === 'longest-common-substring' ? enclosingSpeech(text, found) : withTrailingMarks(text, found);
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

/**
 * A match that stops short of its speech's closing quote only by punctuation (a checker drops the
 * full stop) takes that punctuation too, so the rewrite does not leave a stray "." behind it.
 */
function withTrailingMarks(text: string, at: { start: number; end: number }): { start: number; end: number } {
  const rest = /^[.,!?;:…]+(?=["”])/.exec(text.slice(at.end, at.end + 8));
  return rest ? { start: at.start, end: at.end + rest[0].length } : at;
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

/** A speech to swap for another, as a checker quoted it and a writer rewrote it. */
export interface SpeechReplacement {
  original: string;
  replacement: string;
}

export interface UnappliedReplacement extends SpeechReplacement {
  reason: string;
}

/**
 * Applies a writer's replacements one after the other, each located in the text as the
 * earlier ones left it; those that cannot be located are kept as unapplied, with the reason.
 */
export function replaceSpeeches(
  text: string,
  replacements: readonly SpeechReplacement[]
): { text: string; applied: number; unapplied: UnappliedReplacement[] } {
  let out = text;
  let applied = 0;
  const unapplied: UnappliedReplacement[] = [];
  for (const r of replacements) {
    const result = replaceSpeech(out, r.original, r.replacement);
    if (result.applied) {
      out = result.text;
      applied++;
    } else unapplied.push({ ...r, reason: result.reason });
  }
  return { text: out, applied, unapplied };
}
