import { z } from 'zod';
import { FormatError } from '../format-error';
import { readPool } from '../formats/pool';
import { attitudesOf } from '../formats/values';
import { poolEntrySchema, type PoolEntry, type ShippedCategory } from '../schema/value';
import { sha256Hex } from '../text/sha256';
import { POOL_OF_CATEGORY } from '../dataset/draw';

/**
 * A value pool the user gave a construction (the release's JSONL format), held whole in the
 * construction's configuration so its file stays self-contained: a resume or `--finish` on
 * another machine draws from the same entries, and the hash names the file they came from.
 */
export const importedPoolSchema = z.strictObject({
  /** The file's name, as the user chose it. */
  name: z.string().min(1),
  /** SHA-256 of the file's text. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  entries: z.array(poolEntrySchema).min(1)
});
export type ImportedPool = z.infer<typeof importedPoolSchema>;

/**
 * Reads a pool file for a construction: every line a pool entry with at least one attitude, no
 * statement twice (a story would draw it twice). Errors name the file and the line.
 */
export async function importPool(name: string, text: string): Promise<ImportedPool> {
  const entries = readPool(name, text);
  const lineOf = entryLines(text);
  const first = new Map<string, number>();
  entries.forEach((entry, i) => {
    const line = lineOf[i]!;
    if (attitudesOf(entry).length === 0)
      throw new FormatError(name, `line ${line}, option`, 'no attitude to draw (the option list is empty)');
    const earlier = first.get(entry.q_content);
    if (earlier !== undefined)
      throw new FormatError(name, `line ${line}`, `the statement of line ${earlier} again`);
    first.set(entry.q_content, line);
  });
  return { name, sha256: await sha256Hex(text), entries };
}

/** The line number of each non-blank line, as `readPool` numbers them. */
function entryLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [i + 1]));
}

/** The pool a construction draws from: its imported pool, or its category's shipped one. */
export function poolFor(pool: ImportedPool | undefined, shipped: readonly PoolEntry[]): readonly PoolEntry[] {
  return pool?.entries ?? shipped;
}

/** How a card or a page names the pool: the shipped file, or the imported file with its hash. */
export function poolLabel(category: ShippedCategory, pool: ImportedPool | undefined): string {
  return pool === undefined
    ? POOL_OF_CATEGORY[category]
    : `${pool.name} (imported, ${pool.entries.length} statements, SHA-256 ${pool.sha256})`;
}
