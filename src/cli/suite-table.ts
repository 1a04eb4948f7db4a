import { basename } from 'node:path';
import { readRunFile, type RunFile } from './jsonl-store';
import { datasetOfRunFile } from './judge-pass';
import { scoreByJudging } from './commands/score-extraction';
import { planKeys, type RunDataset } from '../lib/core/dataset/run-dataset';
import { scoreRunResults } from '../lib/core/scoring/run-results';

const f = (x: number): string => x.toFixed(4);

/** The number `score --run` leads with: accuracy, F1, or the judge's score of a judged extraction run. */
function mainScore(path: string, run: RunFile, dataset: RunDataset): string {
  const { task } = run.config;
  if (task === 'extraction') {
    if (run.judgings.length === 0) return 'not judged';
    const { summary, row } = scoreByJudging(path, run, dataset, undefined);
    const partial = row.complete ? '' : ` (judged ${row.done} of ${row.total})`;
    return summary.score === null ? 'no readable verdict' : `judge score ${f(summary.score)}${partial}`;
  }
  const scored = scoreRunResults(
    dataset,
    task,
    planKeys(dataset, task),
    run.results,
    run.config.prompt.reasoning
  );
  return scored.task === 'attitude' ? `accuracy ${f(scored.accuracy)}` : `F1 ${f(scored.f1)}`;
}

/**
 * One row per run file of a suite: its items answered and failed, and its main score; with the
 * failed items of all its runs, which a resumed suite does not ask again either.
 */
export async function suiteTable(paths: readonly string[]): Promise<{ text: string; failed: number }> {
  const rows: string[][] = [['run file', 'answered', 'failed', 'score']];
  let allFailed = 0;
  for (const path of paths) {
    const run = await readRunFile(path);
    const dataset = await datasetOfRunFile(path, run);
    const total = planKeys(dataset, run.config.task).length;
    const failed = run.results.filter((r) => r.output === null).length;
    allFailed += failed;
    rows.push([
      basename(path),
      `${run.results.length - failed}/${total}`,
      String(failed),
      mainScore(path, run, dataset)
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const text = rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
  return { text, failed: allFailed };
}
