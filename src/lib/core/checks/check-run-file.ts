import { z } from 'zod';
import { readResultLines, resultLine, resultLineSchema } from '../formats/result-lines';
import type { ItemResult } from '../schema/run';
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
export const checkRunResultLineSchema = resultLineSchema;

export interface CheckRunContent {
  id: string;
  config: CheckRunConfig;
  results: ItemResult[];
}

/** Reads a whole check run file's text; any line that does not read refuses the file, naming it. */
export function readCheckRunText(file: string, text: string): CheckRunContent {
  const { header, results } = readResultLines(file, text, checkRunHeaderSchema, 'check run');
  return { id: header.id, config: header.config, results };
}

/** A check run file's first line: the run's id and configuration. */
export function checkRunHeaderLine(id: string, config: CheckRunConfig): string {
  return `${JSON.stringify(checkRunHeaderSchema.parse({ type: 'check-run', id, config }))}\n`;
}

/** One reply of a check run, as a line of its file. */
export const checkRunResultLine = resultLine;

/** A whole check run as the file `cqbench check` writes, so a run made in the app can travel too. */
export function checkRunFileText(run: CheckRunContent): string {
  return checkRunHeaderLine(run.id, run.config) + run.results.map(checkRunResultLine).join('');
}
