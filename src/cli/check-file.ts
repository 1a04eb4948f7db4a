import type { ItemResult } from '../lib/core/schema/run';
import { checkRunHeaderLine, readCheckRunText } from '../lib/core/checks/check-run-file';
import type { CheckRunConfig } from '../lib/core/schema/check-run';
import { decodeLines, readBytes } from './files';
import { AppendedResultsStore, createHeaderedFile } from './appended-results';

/**
 * A check run's file: a JSON Lines file like a run file, with a `check-run` header (its id and
 * configuration) and one `result` line per call, appended and flushed as each reply arrives, so
 * a killed process loses nothing and `--resume` asks only what is missing. Its lines are read and
 * written by `core/checks/check-run-file.ts`, which the app uses for the same files.
 */
export interface CheckFile {
  id: string;
  config: CheckRunConfig;
  results: ItemResult[];
  /** Bytes up to the last complete line (a killed writer may have cut the rest). */
  completeBytes: number;
}

/** Whether a JSON Lines file is a check run's (its first line's `type`), without reading the rest. */
export function isCheckFile(path: string): boolean {
  const bytes = readBytes(path, 'run file');
  const end = bytes.indexOf(0x0a);
  const first = bytes
    .subarray(0, end < 0 ? bytes.length : end)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    return (JSON.parse(first) as { type?: unknown }).type === 'check-run';
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so every fault is a rejection
export async function readCheckFile(path: string): Promise<CheckFile> {
  const { text, completeBytes } = decodeLines(path, readBytes(path, 'check run file'));
  return { ...readCheckRunText(path, text), completeBytes };
}

export function createCheckFile(path: string, id: string, config: CheckRunConfig): Promise<void> {
  return createHeaderedFile(path, checkRunHeaderLine(id, config));
}

/** The check file as the engine's store: each result appended and flushed before it counts. */
export class CheckFileStore extends AppendedResultsStore {
  constructor(path: string) {
    super(path, readCheckFile);
  }
}
