import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { CliError } from './args';
import { decodeUtf8 } from '../lib/core/text/decode';
import { FormatError } from '../lib/core/format-error';

/** Reads a UTF-8 file, turning "not found" and friends into one clear line. */
export function readText(path: string, what: string): string {
  return utf8(path, readBytes(path, what));
}

/**
 * `decodeUtf8` (BOM dropped, bad bytes refused) at Node's speed: a strict TextDecoder takes
 * about a second on a 3 MB file here, while `isUtf8` and `toString` take milliseconds. The
 * strict decoder runs only to word the error.
 */
function utf8(path: string, bytes: Buffer): string {
  if (!isUtf8(bytes)) return decodeUtf8(path, bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', bom);
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
  if (isUtf8(body)) return { text: body.toString('utf8'), bom, completeBytes };
  let line = 1;
  for (let start = 0; start < body.length; line++) {
    const end = body.indexOf(0x0a, start);
    if (!isUtf8(body.subarray(start, end))) break;
    start = end + 1;
  }
  throw new FormatError(path, `line ${line}`, 'not valid UTF-8 text (save it as UTF-8 and try again)');
}
