import { open, readFile, stat, truncate } from 'node:fs/promises';
import { z } from 'zod';
import type { ResultStore } from '../lib/core/ports';
import { itemResultSchema, runConfigSchema, type ItemResult, type RunConfig } from '../lib/core/schema/run';
import { FormatError } from '../lib/core/errors';

/**
 * A run kept as JSON Lines: a header line with the run's configuration, then one line per
 * response, appended and flushed to disk as each arrives. A killed process can leave at most
 * one partial last line; reading ignores it and the next append cuts it off first.
 */
const headerSchema = z.strictObject({
  type: z.literal('run'),
  id: z.string().min(1),
  config: runConfigSchema
});
const resultLineSchema = z.strictObject({ type: z.literal('result'), result: itemResultSchema });

export interface RunFile {
  id: string;
  config: RunConfig;
  results: ItemResult[];
  /** Bytes of complete lines; anything after is a partial line from an interrupted write. */
  completeBytes: number;
}

export async function readRunFile(path: string): Promise<RunFile> {
  const text = await readFile(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const lines = text
    .slice(0, end)
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new FormatError(path, '', 'empty run file (no header line)');
  const header = headerSchema.safeParse(parseLine(path, lines[0]!, 1));
  if (!header.success)
    throw new FormatError(path, 'line 1', `not a run header: ${header.error.issues[0]?.message ?? ''}`);
  const results = lines.slice(1).map((line, i) => {
    const parsed = resultLineSchema.safeParse(parseLine(path, line, i + 2));
    if (!parsed.success)
      throw new FormatError(path, `line ${i + 2}`, parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data.result;
  });
  return {
    id: header.data.id,
    config: header.data.config,
    results,
    completeBytes: Buffer.byteLength(text.slice(0, end))
  };
}

function parseLine(path: string, line: string, number: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new FormatError(path, `line ${number}`, 'not valid JSON');
  }
}

/** Creates a run file with its header; refuses to overwrite an existing file. */
export async function createRunFile(path: string, id: string, config: RunConfig): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.write(`${JSON.stringify({ type: 'run', id, config })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class JsonlResultStore implements ResultStore {
  private prepared = false;
  // Appends one at a time: concurrent responses must not interleave with the repair below.
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async storedKeys(): Promise<Set<string>> {
    const file = await readRunFile(this.path);
    return new Set(file.results.map((r) => r.itemKey));
  }

  save(_runId: string, result: ItemResult): Promise<void> {
    const next = this.queue.then(() => this.append(result));
    // A failed append is reported to its caller; later appends still run.
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async append(result: ItemResult): Promise<void> {
    if (!this.prepared) {
      // Drop a partial line an interrupted run may have left, so the file stays valid.
      const file = await readRunFile(this.path);
      if ((await stat(this.path)).size > file.completeBytes) await truncate(this.path, file.completeBytes);
      this.prepared = true;
    }
    const handle = await open(this.path, 'a');
    try {
      await handle.write(`${JSON.stringify({ type: 'result', result })}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
