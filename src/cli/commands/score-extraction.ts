import { CliError } from '../args';
import type { JudgingFile, RunFile } from '../jsonl-store';
import { datasetOfRunFile, isComplete, judgeKeys } from '../judge-pass';
import { extractionTable, judgingsTable, type JudgingRow } from '../report-extraction';
import type { CommandIO } from './score';
import { planKeys, type RunDataset } from '../../lib/core/dataset/run-dataset';
import { scoreExtractionRun, scoringJudging, type ExtractionSummary } from '../../lib/core/extraction';

/**
 * `score --run` on a value-extraction run: the score of one judging (`--judging ID`, else the
 * first complete one, else the first with a warning — `scoringJudging`, the app's rule), with
 * every judging listed.
 */
export async function scoreExtractionFile(
  path: string,
  run: RunFile,
  json: boolean,
  io: CommandIO,
  judgingId: string | undefined
): Promise<number> {
  const dataset = await datasetOfRunFile(path, run);
  const keys = planKeys(dataset, 'extraction');
  const missing = keys.length - new Set(run.results.map((r) => r.itemKey)).size;
  if (missing > 0)
    io.err(
      `warning: ${missing} of ${keys.length} stories have no response yet (their values score 0 as errors); resume the run to finish it`
    );
  const { summary, row, rows, chosen } = scoreByJudging(path, run, dataset, judgingId);
  if (!row.complete)
    io.err(
      `warning: judging ${chosen.id} has judged ${row.done} of ${row.total} judge calls; resume it with: judge --run ${path} --resume ...`
    );
  if (json) {
    io.out(
      JSON.stringify({
        ...summary,
        items: summary.items.map((item, index) => ({ index, ...item })),
        run: { id: run.id, model: run.config.model },
        judging: { ...row, sampling: chosen.config.sampling },
        judgings: rows
      })
    );
  } else {
    io.out(extractionTable(summary, row));
    io.out('');
    io.out(judgingsTable(rows, chosen.id));
  }
  return 0;
}

/**
 * The score of a value-extraction run by one judging: `judgingId`, else the first complete
 * one, else the first (`scoringJudging`, the app's rule); with every judging's progress.
 */
export function scoreByJudging(
  path: string,
  run: RunFile,
  dataset: RunDataset,
  judgingId: string | undefined
): { summary: ExtractionSummary; row: JudgingRow; rows: JudgingRow[]; chosen: JudgingFile } {
  const rows: JudgingRow[] = run.judgings.map((j) => {
    const wanted = judgeKeys(run, dataset, j.config.samples);
    const stored = new Set(j.results.map((r) => r.itemKey));
    return {
      id: j.id,
      judge: j.config.judge,
      samples: j.config.samples,
      createdAt: j.config.createdAt,
      done: wanted.filter((k) => stored.has(k)).length,
      total: wanted.length,
      complete: isComplete(j, wanted)
    };
  });
  if (run.judgings.length === 0)
    throw new CliError(
      `score: ${path} has no judging yet; judge it with: judge --run ${path} --judge-provider ...`
    );
  let chosen;
  if (judgingId !== undefined) {
    chosen = run.judgings.find((j) => j.id === judgingId);
    if (chosen === undefined)
      throw new CliError(
        `score: ${path} has no judging ${judgingId} (it has: ${run.judgings.map((j) => j.id).join(', ')})`
      );
  } else {
    const completeIds = new Set(rows.filter((r) => r.complete).map((r) => r.id));
    chosen = scoringJudging(run.judgings, (j) => completeIds.has(j.id))!;
  }
  const row = rows.find((r) => r.id === chosen.id)!;
  const summary = scoreExtractionRun(
    dataset,
    planKeys(dataset, 'extraction'),
    run.results,
    chosen.results,
    undefined,
    {
      samples: chosen.config.samples
    }
  );
  return { summary, row, rows, chosen };
}
