import { CliError } from '../args';
import { readRunFile } from '../jsonl-store';
import { datasetOfRunFile } from '../judge-pass';
import { scoreExtractionFile } from './score-extraction';
import { scoreCheckFile } from './score-checks';
import { isCheckFile } from '../check-file';
import { attitudeTable, selectionTable } from '../report';
import type { CommandIO } from './score';
import { planKeys } from '../../lib/core/dataset/run-dataset';
import { scoreRunResults } from '../../lib/core/scoring/run-results';

/** `score --run RUN.jsonl`: scores a run file against the dataset it was run on. */
export async function scoreRunFile(
  path: string,
  json: boolean,
  io: CommandIO,
  judgingId?: string
): Promise<number> {
  if (isCheckFile(path)) {
    if (judgingId !== undefined)
      throw new CliError(`score: --judging applies to value-extraction runs; ${path} is a check run`);
    return scoreCheckFile(path, json, io);
  }
  const run = await readRunFile(path);
  const { task, prompt } = run.config;
  if (task === 'extraction') return scoreExtractionFile(path, run, json, io, judgingId);
  if (judgingId !== undefined)
    throw new CliError(`score: --judging applies to value-extraction runs; ${path} is a ${task} run`);
  const dataset = await datasetOfRunFile(path, run);
  const keys = planKeys(dataset, task);
  const planned = new Set(keys);
  const answered = new Set(run.results.map((r) => r.itemKey));
  const unknown = [...answered].filter((k) => !planned.has(k));
  if (unknown.length > 0)
    io.err(
      `warning: ${unknown.length} response${unknown.length === 1 ? '' : 's'} in ${path} ` +
        `name${unknown.length === 1 ? 's an item' : ' items'} the run's dataset does not have, not scored: ` +
        `${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? `, … (${unknown.length - 5} more)` : ''}`
    );
  const missing = keys.filter((k) => !answered.has(k)).length;
  if (missing > 0)
    io.err(
      `warning: ${missing} of ${keys.length} items have no response yet (scored as errors); resume the run to finish it`
    );
  const scored = scoreRunResults(dataset, task, keys, run.results, prompt.reasoning);
  const items = scored.items.map((item, i) => ({ index: i, key: keys[i], ...item }));
  if (json)
    io.out(
      JSON.stringify({
        ...scored,
        items,
        reasoning: prompt.reasoning,
        run: { id: run.id, model: run.config.model }
      })
    );
  else
    io.out(
      scored.task === 'attitude'
        ? attitudeTable(scored, prompt.reasoning)
        : selectionTable(scored, prompt.reasoning)
    );
  return 0;
}
