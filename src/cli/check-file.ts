import { open, stat, truncate } from 'node:fs/promises';
import type { ResultStore } from '../lib/core/ports';
import { itemResultSchema, type ItemResult } from '../lib/core/schema/run';
import { checkRunHeaderSchema, checkRunResultLineSchema } from '../lib/core/checks/check-run-file';
import { checkRunConfigSchema, type CheckRunConfig } from '../lib/core/schema/check-run';
import { FormatError } from '../lib/core/format-error';
import { decodeLines, readBytes } from './files';
import { appendLine, parseLine } from './jsonl-store';

/**
 * A check run's file: a JSON Lines file like a run file, with a `check-run` header (its id and
 * configuration) and one `result` line per call, appended and flushed as each reply arrives, so
 * a killed process loses nothing and `--resume` asks only what is missing.
 */
const headerSchema = checkRunHeaderSchema;
const resultLineSchema = checkRunResultLineSchema;

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
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new FormatError(path, '', 'empty check run file (no header line)');
  const header = headerSchema.safeParse(parseLine(path, lines[0]!, 1));
  if (!header.success)
    throw new FormatError(path, 'line 1', `not a check run header: ${header.error.issues[0]?.message ?? ''}`);
  const results: ItemResult[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((line, i) => {
    const parsed = resultLineSchema.safeParse(parseLine(path, line, i + 2));
    if (!parsed.success)
      throw new FormatError(path, `line ${i + 2}`, parsed.error.issues[0]?.message ?? 'invalid');
    const key = parsed.data.result.itemKey;
    const first = seen.get(key);
    if (first !== undefined)
      throw new FormatError(
        path,
        `line ${i + 2}`,
        `a second result for item ${key} (first on line ${first})`
      );
    seen.set(key, i + 2);
    results.push(parsed.data.result);
  });
  return { id: header.data.id, config: header.data.config, results, completeBytes };
}

export async function createCheckFile(path: string, id: string, config: CheckRunConfig): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.write(
      `${JSON.stringify({ type: 'check-run', id, config: checkRunConfigSchema.parse(config) })}\n`
    );
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
      await appendLine(this.path, { type: 'result', result: itemResultSchema.parse(result) });
    });
    // A failed append is reported to its caller; later appends still run.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
