/**
 * String operations with the exact semantics of the Python built-ins the CQ-Bench release
 * scorer uses. JavaScript's own `trim()` and `\d` differ from Python's `str.strip()` and
 * `re`'s `\d` on a handful of characters, and the scorer must agree with the release on
 * every item, so the differences are spelled out here once.
 */

/** Characters for which Python's `str.isspace()` is true (bidi class WS, B or S, or Zs). */
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
]);

export function isPyWhitespace(codeUnit: number): boolean {
  // Every Python whitespace character is in the BMP, so UTF-16 units are enough here.
  return PY_WHITESPACE.has(codeUnit);
}

/** Python `s.strip()`: strips Python whitespace (not U+FEFF, unlike `String.prototype.trim`). */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_WHITESPACE.has(s.charCodeAt(start))) start++;
  while (end > start && PY_WHITESPACE.has(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python `s.strip(chars)` for a set of BMP characters. */
export function pyStripChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start] ?? '')) start++;
  while (end > start && chars.includes(s[end - 1] ?? '')) end--;
  return s.slice(start, end);
}

/**
 * Python `s.lower()`. Both languages apply Unicode full lower-case mapping with the
 * Final_Sigma rule and no locale, so `toLowerCase` is the same function.
 */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** Python `s.split(sep)[1]`: the text between the first and second `sep`, or to the end. */
export function secondPiece(s: string, sep: string): string {
  const first = s.indexOf(sep);
  if (first < 0) throw new Error(`separator ${JSON.stringify(sep)} not found`);
  const from = first + sep.length;
  const second = s.indexOf(sep, from);
  return second < 0 ? s.slice(from) : s.slice(from, second);
}

const DECIMAL_DIGIT = /\p{Nd}/u;
const DIGIT_RUNS = /\p{Nd}+/gu;

/** Python `re.search(r'\d', s) is not None` (Python's `\d` is any Unicode decimal digit). */
export function hasPyDigit(s: string): boolean {
  return DECIMAL_DIGIT.test(s);
}

/**
 * Python `[int(n) for n in re.findall(r'\d+', s)]`, with numbers above `cap` reported as
 * `cap + 1` so that huge runs of digits need no big integers (callers only compare to `cap`).
 */
export function pyIntRuns(s: string, cap: number): number[] {
  const out: number[] = [];
  for (const match of s.matchAll(DIGIT_RUNS)) {
    let value = 0;
    for (const ch of match[0]) {
      value = value * 10 + decimalDigitValue(ch);
      if (value > cap) {
        value = cap + 1;
        break;
      }
    }
    out.push(value);
  }
  return out;
}

/**
 * Value of one Unicode decimal digit. Unicode allocates every Nd digit in runs of ten
 * consecutive code points from zero to nine, and contiguous Nd stretches are whole runs,
 * so the value is the distance from the stretch's start, modulo ten.
 */
function decimalDigitValue(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}
