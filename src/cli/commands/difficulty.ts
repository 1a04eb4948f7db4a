import { writeFileSync } from 'node:fs';
import { CliError, parseFlags } from '../args';
import { readRunFile } from '../jsonl-store';
import { datasetOfRunFile } from '../judge-pass';
import type { CommandIO } from './score';
import type { RunDataset } from '../../lib/core/dataset/run-dataset';
import { titleOf } from '../../lib/core/dataset/story-text';
import { isReaderTask, readerStoriesOf } from '../../lib/core/difficulty/reader-stories';
import {
  difficultyReport,
  FLAG_WORDS,
  type DifficultyFlag,
  type Reader
} from '../../lib/core/difficulty/report';
import { rowModelName } from '../../lib/core/analysis/identity';

/** Each story of the runs' categories, `category/index`, with its title, in the dataset's order. */
function storiesOf(dataset: RunDataset, into: Map<string, string>): void {
  for (const [category, files] of Object.entries(dataset.categories)) {
    const count = Math.max(
      files.original?.length ?? 0,
      files.setting1?.length ?? 0,
      files.setting2?.length ?? 0
    );
    for (let i = 0; i < count; i++) {
      const text =
        files.original?.[i]?.story ?? files.setting1?.[i]?.story ?? files.setting2?.[i]?.story ?? '';
      into.set(`${category}/${String(i)}`, titleOf(text) ?? '');
    }
  }
}

const fixed = (n: number | null): string => (n === null ? 'not answered' : n.toFixed(2));

/**
 * `difficulty --run A.jsonl --run B.jsonl [--out FLAGS.json] [--json]`: each story's solve rate
 * by these reader runs (all made on one dataset), the distribution, and the flagged stories.
 */
export async function difficultyCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(
    argv,
    { values: ['out', 'dataset'], switches: ['json'], lists: ['run'] },
    'difficulty'
  );
  const paths = args.lists.get('run') ?? [];
  if (paths.length === 0) throw new CliError('difficulty: give at least one reader run: --run RUN.jsonl');
  const readers: Reader[] = [];
  const titles = new Map<string, string>();
  let datasetId: string | undefined = args.values.get('dataset');
  for (const path of paths) {
    const run = await readRunFile(path);
    const { task, dataset } = run.config;
    if (!isReaderTask(task))
      throw new CliError(
        `difficulty: ${path} is a ${task} run; readers answer attitude detection or value selection`
      );
    datasetId ??= dataset.id;
    if (dataset.id !== datasetId)
      throw new CliError(
        `difficulty: ${path} was run on ${dataset.id}, not on ${datasetId}: readers share one dataset`
      );
    const items = await datasetOfRunFile(path, run);
    storiesOf(items, titles);
    readers.push({
      id: path,
      model: rowModelName(run.config.model),
      task,
      stories: readerStoriesOf({ ...run, dataset: items })
    });
  }
  const report = difficultyReport(
    [...titles.keys()].map((key) => ({ key })),
    readers
  );
  const stories = report.stories.map((s) => ({ ...s, title: titles.get(s.key) ?? '' }));
  const full = { dataset: datasetId, ...report, stories };
  const out = args.values.get('out');
  if (out !== undefined) writeFileSync(out, `${JSON.stringify(full, null, 2)}\n`);
  if (args.switches.has('json')) {
    io.out(JSON.stringify(full));
    return 0;
  }
  const lines = [
    `dataset ${datasetId ?? ''}: ${String(report.measured)} of ${String(report.stories.length)} stories measured by ${String(readers.length)} reader ${readers.length === 1 ? 'run' : 'runs'}`,
    ...report.readers.map(
      (r) =>
        `  ${r.id}  model ${r.model}  ${r.task}  ${String(r.answered)} of ${String(r.asked)} stories answered`
    ),
    'solve rate  stories',
    ...report.histogram.map(
      (count, i) => `${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)}     ${String(count)}`
    ),
    `not answered by any reader: ${String(report.notAnswered)}`
  ];
  for (const flag of ['too-explicit', 'unsolved'] as DifficultyFlag[]) {
    const flagged = stories.filter((s) => s.flag === flag);
    lines.push(`${FLAG_WORDS[flag]} (${String(flagged.length)}):`);
    for (const s of flagged)
      lines.push(
        `  ${s.key}  ${s.title}  solve rate ${fixed(s.solveRate)} from ${String(s.readers)} reader runs`
      );
  }
  io.out(lines.join('\n'));
  return 0;
}
