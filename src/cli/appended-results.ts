import { open, stat, truncate } from 'node:fs/promises';
import type { ResultStore } from '../lib/core/ports';
import type { ItemResult } from '../lib/core/schema/run';
import { resultLineSchema } from '../lib/core/formats/result-lines';
import { appendLine } from './jsonl-store';

/** What a reader of such a file gives the store: its results and where its last whole line ends. */
export interface AppendedResults {
  results: ItemResult[];
  /** Bytes up to the last complete line (a killed writer may have cut the rest). */
  completeBytes: number;
}

/** Creates such a file with its header line, flushed; refuses to overwrite an existing file. */
export async function createHeaderedFile(path: string, headerLine: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.write(headerLine);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A JSON Lines file of a header and `result` lines (core/formats/result-lines.ts) as the engine's
 * store: each result appended and flushed before it counts, so a killed process loses nothing; a
 * line a kill cut short is dropped before anything is appended after it.
 */
export class AppendedResultsStore implements ResultStore {
  private repaired = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly read: (path: string) => Promise<AppendedResults>
  ) {}

  async storedKeys(): Promise<Set<string>> {
    return new Set((await this.read(this.path)).results.map((r) => r.itemKey));
  }

  async failedKeys(): Promise<Set<string>> {
    const { results } = await this.read(this.path);
    return new Set(results.filter((r) => r.output === null).map((r) => r.itemKey));
  }

  save(_runId: string, result: ItemResult): Promise<void> {
    const next = this.queue.then(async () => {
      if (!this.repaired) {
        const file = await this.read(this.path);
        if ((await stat(this.path)).size > file.completeBytes) await truncate(this.path, file.completeBytes);
        this.repaired = true;
      }
      await appendLine(this.path, resultLineSchema.parse({ type: 'result', result }));
    });
    // A failed append is reported to its caller; later appends still run.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
