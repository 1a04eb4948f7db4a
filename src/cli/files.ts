import { readFileSync } from 'node:fs';
import { CliError } from './args';
import { decodeUtf8 } from '../lib/core/text/decode';
import { FormatError } from '../lib/core/format-error';

/** Reads a UTF-8 file, turning "not found" and friends into one clear line. */
export function readText(path: string, what: string): string {
  try {
    return decodeUtf8(path, readFileSync(path));
  } catch (e) {
    if (e instanceof FormatError) throw e;
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
