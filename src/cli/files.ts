import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { CliError } from './args';
import { FormatError } from '../lib/core/format-error';

/**
 * The one way the CLI reads a file of data (run files, datasets, release files, predictions,
 * the shipped benchmark): its bytes, a leading byte-order mark dropped (editors on some systems
 * add one), and bytes that are not UTF-8 refused naming the file, the line and the byte, never
 * read as replacement characters.
 */
export function readText(path: string, what: string): string {
  return decodeText(path, readBytes(path, what));
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
 * killed writer may have cut the rest mid-character), as `readText` decodes a whole file.
 */
export function decodeLines(path: string, bytes: Buffer): { text: string; completeBytes: number } {
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  return { text: decodeText(path, bytes.subarray(0, completeBytes)), completeBytes };
}

/**
 * Strict UTF-8, as `new TextDecoder('utf-8', { fatal: true })` decodes, at Node's speed: the
 * strict TextDecoder takes about a second on a 3 MB file here, `isUtf8` and `toString`
 * milliseconds.
 */
function decodeText(path: string, bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (isUtf8(bytes.subarray(bom))) return bytes.toString('utf8', bom);
  const at = firstInvalidByte(bytes);
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
  throw new FormatError(
    path,
    `line ${line}, byte ${at}`,
    'not valid UTF-8 text (save it as UTF-8 and try again)'
  );
}

/**
 * Where the first invalid sequence starts (counting from 0, the byte-order mark included):
 * Node's decoder puts U+FFFD in its place, so the bytes encoded back first differ inside that
 * character; its first byte is the start of the sequence.
 */
function firstInvalidByte(bytes: Buffer): number {
  const back = Buffer.from(bytes.toString('utf8'), 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === back[i]) i++;
  // Step back over the continuation bytes (10xxxxxx) of the replaced character.
  while (i > 0 && (back[i]! & 0xc0) === 0x80) i--;
  return i;
}
