import { FormatError, describeIssue, parseJsonText } from '../format-error';
import { poolEntrySchema, type PoolEntry } from '../schema/value';
import { parseOptionList } from './values';

/** Reads a value pool (JSON Lines, one `{topic, q_id, q_content, option}` a line). */
export function readPool(file: string, text: string): PoolEntry[] {
  const entries: PoolEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let raw: unknown;
    try {
      raw = parseJsonText(file, line);
    } catch (e) {
      throw new FormatError(file, where, e instanceof FormatError ? e.detail : String(e));
    }
    const parsed = poolEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const { where: field, detail } = describeIssue(parsed.error);
      throw new FormatError(file, field ? `${where}, ${field}` : where, detail);
    }
    entries.push(parsed.data);
  });
  if (entries.length === 0) throw new FormatError(file, '', 'no values in the pool');
  return entries;
}

/** The release's map from statement to its raw option list (later lines win, as in a dict). */
export function optionListsByStatement(pool: readonly PoolEntry[]): Map<string, string[]> {
  return new Map(pool.map((e) => [e.q_content, parseOptionList(e.option)]));
}
