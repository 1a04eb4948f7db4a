import { z } from 'zod';
import { FormatError } from '../format-error';
import { itemResultSchema, type ItemResult } from '../schema/run';

/**
 * The JSON Lines files the CLI appends replies to as they arrive (check runs, constructions): a
 * header line naming the file's kind, id and configuration, then one `result` line per call.
 * Reading refuses the whole file on any line that does not read, naming the line, and a second
 * result for one call (it would be counted twice).
 */
export const resultLineSchema = z.strictObject({
  type: z.literal('result'),
  result: itemResultSchema
});

/** One reply as a line of such a file. */
export function resultLine(result: ItemResult): string {
  return `${JSON.stringify(resultLineSchema.parse({ type: 'result', result }))}\n`;
}

function parseJsonLine(file: string, line: string, number: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (e) {
    throw new FormatError(
      file,
      `line ${number}`,
      `not valid JSON (${e instanceof Error ? e.message : String(e)})`
    );
  }
}

/** The header and results of a whole file's text; `what` names the kind in messages ("check run"). */
export function readResultLines<H>(
  file: string,
  text: string,
  headerSchema: z.ZodType<H>,
  what: string
): { header: H; results: ItemResult[] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const first = lines[0];
  if (!first) throw new FormatError(file, '', `empty ${what} file (no header line)`);
  const header = headerSchema.safeParse(parseJsonLine(file, first.line, first.number));
  if (!header.success)
    throw new FormatError(
      file,
      `line ${first.number}`,
      `not a ${what} header: ${header.error.issues[0]?.message ?? ''}`
    );
  const results: ItemResult[] = [];
  const seen = new Map<string, number>();
  for (const { line, number } of lines.slice(1)) {
    const parsed = resultLineSchema.safeParse(parseJsonLine(file, line, number));
    if (!parsed.success)
      throw new FormatError(file, `line ${number}`, parsed.error.issues[0]?.message ?? 'invalid');
    const key = parsed.data.result.itemKey;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      throw new FormatError(
        file,
        `line ${number}`,
        `a second result for item ${key} (first on line ${earlier})`
      );
    seen.set(key, number);
    results.push(parsed.data.result);
  }
  return { header: header.data, results };
}
