import { open, stat, truncate } from 'node:fs/promises';
import type { ResultStore } from '../lib/core/ports';
import type { ItemResult } from '../lib/core/schema/run';
import {
  checkRunHeaderLine,
  checkRunResultLineSchema,
  readCheckRunText
} from '../lib/core/checks/check-run-file';
import type { CheckRunConfig } from '../lib/core/schema/check-run';
import { decodeLines, readBytes } from './files';
import { appendLine } from './jsonl-store';

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

export async function createCheckFile(path: string, id: string, config: CheckRunConfig): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.write(checkRunHeaderLine(id, config));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The check file as the engine's store: each result appended and flushed before it counts. */
export class CheckFileStore implements ResultStore {
  private repaired = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async storedKeys(): Promise<Set<string>> {
    return new Set((await readCheckFile(this.path)).results.map((r) => r.itemKey));
  }

  async failedKeys(): Promise<Set<string>> {
    const { results } = await readCheckFile(this.path);
    return new Set(results.filter((r) => r.output === null).map((r) => r.itemKey));
  }

  save(_runId: string, result: ItemResult): Promise<void> {
    const next = this.queue.then(async () => {
      if (!this.repaired) {
        // A line cut by a kill is dropped before anything is appended after it.
        const file = await readCheckFile(this.path);
        if ((await stat(this.path)).size > file.completeBytes) await truncate(this.path, file.completeBytes);
        this.repaired = true;
      }
      await appendLine(this.path, checkRunResultLineSchema.parse({ type: 'result', result }));
    });
    // A failed append is reported to its caller; later appends still run.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
