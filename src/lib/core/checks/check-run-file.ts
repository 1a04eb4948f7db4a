import { z } from 'zod';
import { FormatError } from '../format-error';
import { itemResultSchema, type ItemResult } from '../schema/run';
import { checkRunConfigSchema, type CheckRunConfig } from '../schema/check-run';

/**
 * A check run's file: JSON Lines with a `check-run` header (its id and configuration) and one
 * `result` line per call. The CLI writes it line by line; the annotation workspace reads it to
 * reveal the checking model's verdicts.
 */
export const checkRunHeaderSchema = z.strictObject({
  type: z.literal('check-run'),
  id: z.string().min(1),
  config: checkRunConfigSchema
});
export const checkRunResultLineSchema = z.strictObject({
  type: z.literal('result'),
  result: itemResultSchema
});

export interface CheckRunContent {
  id: string;
  config: CheckRunConfig;
  results: ItemResult[];
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

/** Reads a whole check run file's text; any line that does not read refuses the file, naming it. */
export function readCheckRunText(file: string, text: string): CheckRunContent {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const first = lines[0];
  if (!first) throw new FormatError(file, '', 'empty check run file (no header line)');
  const header = checkRunHeaderSchema.safeParse(parseJsonLine(file, first.line, first.number));
  if (!header.success)
    throw new FormatError(
      file,
      `line ${first.number}`,
      `not a check run header: ${header.error.issues[0]?.message ?? ''}`
    );
  const results: ItemResult[] = [];
  const seen = new Map<string, number>();
  for (const { line, number } of lines.slice(1)) {
    const parsed = checkRunResultLineSchema.safeParse(parseJsonLine(file, line, number));
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
  return { id: header.data.id, config: header.data.config, results };
}
