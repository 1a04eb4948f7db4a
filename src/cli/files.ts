import { readFileSync } from 'node:fs';
import { CliError } from './args';
import { decodeUtf8 } from '../lib/core/text/decode';
import { FormatError } from '../lib/core/errors';

/** Reads a UTF-8 file, turning "not found" and friends into one clear line. */
export function readText(path: string, what: string): string {
  return decodeUtf8(path, readBytes(path, what));
}

/** Reads a file's bytes, turning "not found" and friends into one clear line. */
export function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(e);
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/**
 * Decodes the complete lines of a JSON Lines file (everything up to its last newline; a
 * killed writer may have cut the rest mid-character). A leading byte-order mark is dropped;
 * bytes that are not UTF-8 are refused naming the file and the line.
 */
export function decodeLines(
  path: string,
  bytes: Buffer
): { text: string; bom: number; completeBytes: number } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const body = bytes.subarray(bom, Math.max(bom, completeBytes));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), bom, completeBytes };
  } catch {
    let line = 1;
    for (let start = 0; start < body.length; line++) {
      const end = body.indexOf(0x0a, start);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
    }
    throw new FormatError(path, `line ${line}`, 'not valid UTF-8 text (save it as UTF-8 and try again)');
  }
}
