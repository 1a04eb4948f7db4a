/**
 * Text from run and dataset files (model outputs, keys, names) can hold terminal control
 * sequences: printed raw, `\x1b]...` or `\x9b...` would retitle, recolour or rewrite the user's
 * terminal, and bidirectional controls (U+202E and kin) make a line read other than it is.
 * Every such character except newline and tab is written as a `\u00XX` escape instead:
 * readable on a terminal, and inside JSON output the same string it stood for.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
