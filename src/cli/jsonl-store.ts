import { open, stat, truncate } from 'node:fs/promises';
import { z } from 'zod';
import type { ResultStore } from '../lib/core/ports';
import {
  itemResultSchema,
  partialResultSchema,
  runConfigSchema,
  type ItemResult,
  type PartialResult,
  type RunConfig
} from '../lib/core/schema/run';
import { judgingConfigSchema, type JudgingConfig } from '../lib/core/schema/judging';
import { FormatError } from '../lib/core/format-error';
import { decodeLines, readBytes } from './files';

/**
 * A run kept as JSON Lines: a header line with the run's configuration, then one line per
 * response, appended and flushed to disk as each arrives. A killed process can leave at most
 * one partial last line; reading ignores it and the next append cuts it off first.
 *
 * A value-extraction run also keeps its judgings in the same file: a `judging` line (its id
 * and configuration) and then `judge-result` lines naming it, interleaved with anything else;
 * files without them read as before.
 *
 * A `partial` line keeps what an unfinished item (of the run, or of a judging: `runId`) has
 * received so far, so a resumed run continues from it; the last one per item counts, and none
 * counts once the item has a result.
 */
const headerSchema = z.strictObject({
  type: z.literal('run'),
  id: z.string().min(1),
  config: runConfigSchema
});
const bodyLineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('result'), result: itemResultSchema }),
  z.strictObject({ type: z.literal('judging'), id: z.string().min(1), config: judgingConfigSchema }),
  z.strictObject({ type: z.literal('judge-result'), judgingId: z.string().min(1), result: itemResultSchema }),
  z.strictObject({
    type: z.literal('partial'),
    runId: z.string().min(1),
    itemKey: z.string().min(1),
    partial: partialResultSchema
  })
]);

/** One judging kept in a run file, in the order it was started. */
export interface JudgingFile {
  id: string;
  config: JudgingConfig;
  results: ItemResult[];
}

export interface RunFile {
  id: string;
  config: RunConfig;
  results: ItemResult[];
  judgings: JudgingFile[];
  /** By run or judging id, the latest partial of each item (items with a result included). */
  partials: Map<string, Map<string, PartialResult>>;
  /** Bytes of complete lines; anything after is a partial line from an interrupted write. */
  completeBytes: number;
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so every fault is a rejection
export async function readRunFile(path: string): Promise<RunFile> {
  const { text, completeBytes } = decodeLines(path, readBytes(path, 'run file'));
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new FormatError(path, '', 'empty run file (no header line)');
  const header = headerSchema.safeParse(parseLine(path, lines[0]!, 1));
  if (!header.success)
    throw new FormatError(path, 'line 1', `not a run header: ${header.error.issues[0]?.message ?? ''}`);
  const results: ItemResult[] = [];
  // An item answered twice would be counted twice: refuse, naming the key and both lines.
  const seen = new Map<string, number>();
  const once = (of: string, key: string, line: number): void => {
    const first = seen.get(`${of}\u0000${key}`);
    if (first !== undefined)
      throw new FormatError(path, `line ${line}`, `a second result for item ${key} (first on line ${first})`);
    seen.set(`${of}\u0000${key}`, line);
  };
  const judgings = new Map<string, JudgingFile>();
  const partials = new Map<string, Map<string, PartialResult>>();
  lines.slice(1).forEach((line, i) => {
    const parsed = bodyLineSchema.safeParse(parseLine(path, line, i + 2));
    if (!parsed.success)
      throw new FormatError(path, `line ${i + 2}`, parsed.error.issues[0]?.message ?? 'invalid');
    const entry = parsed.data;
    if (entry.type === 'result') {
      once('', entry.result.itemKey, i + 2);
      results.push(entry.result);
    } else if (entry.type === 'judging') {
      if (judgings.has(entry.id) || entry.id === header.data.id)
        throw new FormatError(path, `line ${i + 2}`, `a second judging with the id ${entry.id}`);
      judgings.set(entry.id, { id: entry.id, config: entry.config, results: [] });
    } else if (entry.type === 'partial') {
      if (entry.runId !== header.data.id && !judgings.has(entry.runId))
        throw new FormatError(
          path,
          `line ${i + 2}`,
          `a partial for an unknown run or judging ${entry.runId}`
        );
      const of = partials.get(entry.runId) ?? new Map<string, PartialResult>();
      of.set(entry.itemKey, entry.partial);
      partials.set(entry.runId, of);
    } else {
      const judging = judgings.get(entry.judgingId);
      if (judging === undefined)
        throw new FormatError(
          path,
          `line ${i + 2}`,
          `a judge result for an unknown judging ${entry.judgingId}`
        );
      once(entry.judgingId, entry.result.itemKey, i + 2);
      judging.results.push(entry.result);
    }
  });
  return {
    id: header.data.id,
    config: header.data.config,
    results,
    judgings: [...judgings.values()],
    partials,
    completeBytes
  };
}

export function parseLine(path: string, line: string, number: number): unknown {
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

/** Drops a partial line an interrupted run may have left, so the file stays valid. */
async function repair(path: string): Promise<RunFile> {
  const file = await readRunFile(path);
  if ((await stat(path)).size > file.completeBytes) await truncate(path, file.completeBytes);
  return file;
}

export async function appendLine(path: string, line: unknown): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(`${JSON.stringify(line)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Starts a judging of the run in this file (after repairing a partial last line). */
export async function appendJudging(path: string, id: string, config: JudgingConfig): Promise<void> {
  const file = await repair(path);
  if (id === file.id || file.judgings.some((j) => j.id === id))
    throw new Error(`${path} already has a run or judging with the id ${id}`);
  await appendLine(path, { type: 'judging', id, config: judgingConfigSchema.parse(config) });
}

/**
 * The run file as a ResultStore: results saved under the run's id are the model's responses,
 * results saved under a judging's id are that judging's judge responses.
 */
export class JsonlResultStore implements ResultStore {
  private prepared: RunFile | undefined;
  // Appends one at a time: concurrent responses must not interleave with the repair below.
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async storedKeys(runId?: string): Promise<Set<string>> {
    const file = await readRunFile(this.path);
    if (runId === undefined || runId === file.id) return new Set(file.results.map((r) => r.itemKey));
    const judging = file.judgings.find((j) => j.id === runId);
    if (judging === undefined) throw new Error(`${this.path} has no judging ${runId}`);
    return new Set(judging.results.map((r) => r.itemKey));
  }

  async failedKeys(runId?: string): Promise<Set<string>> {
    const file = await readRunFile(this.path);
    const results =
      runId === undefined || runId === file.id
        ? file.results
        : file.judgings.find((j) => j.id === runId)?.results;
    return new Set((results ?? []).filter((r) => r.output === null).map((r) => r.itemKey));
  }

  save(runId: string, result: ItemResult): Promise<void> {
    return this.enqueue(runId, (isRun) =>
      isRun ? { type: 'result', result } : { type: 'judge-result', judgingId: runId, result }
    );
  }

  savePartial(runId: string, itemKey: string, partial: PartialResult): Promise<void> {
    return this.enqueue(runId, () => ({
      type: 'partial',
      runId,
      itemKey,
      partial: partialResultSchema.parse(partial)
    }));
  }

  async partials(runId: string): Promise<Map<string, PartialResult>> {
    const file = await readRunFile(this.path);
    const results = runId === file.id ? file.results : file.judgings.find((j) => j.id === runId)?.results;
    const stored = new Set((results ?? []).map((r) => r.itemKey));
    const out = new Map<string, PartialResult>();
    for (const [key, partial] of file.partials.get(runId) ?? []) if (!stored.has(key)) out.set(key, partial);
    return out;
  }

  private enqueue(runId: string, line: (isRun: boolean) => unknown): Promise<void> {
    const next = this.queue.then(() => this.append(runId, line));
    // A failed append is reported to its caller; later appends still run.
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async append(runId: string, line: (isRun: boolean) => unknown): Promise<void> {
    this.prepared ??= await repair(this.path);
    // A store made before its judging was appended must still know it.
    if (runId !== this.prepared.id && !this.prepared.judgings.some((j) => j.id === runId))
      this.prepared = await readRunFile(this.path);
    const file = this.prepared;
    if (runId !== file.id && !file.judgings.some((j) => j.id === runId))
      throw new Error(`${this.path} has no run or judging ${runId}`);
    await appendLine(this.path, line(runId === file.id));
  }
}
