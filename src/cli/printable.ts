/**
 * Text from run and dataset files (model outputs, keys, names) can hold terminal control
 * sequences: printed raw, `\x1b]...` or `\x9b...` would retitle, recolour or rewrite the user's
 * terminal. Every control character except newline and tab is written as a `\u00XX` escape
 * instead: readable on a terminal, and inside JSON output the same string it stood for.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
