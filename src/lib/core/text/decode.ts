import { FormatError } from '../format-error';

/**
 * Reads a file's bytes as UTF-8, as the release's Python scripts do: invalid bytes are an
 * error naming the file (not silent replacement characters), and a leading byte-order mark is
 * dropped (editors on some systems add one).
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw new FormatError(file, '', 'not valid UTF-8 text (save it as UTF-8 and try again)');
  }
}
