import { basename } from 'node:path';
import { CliError, oneOf, parseFlags, required } from '../args';
import { readText } from '../files';
import { FormatError } from '../../lib/core/format-error';
import {
  flattenQuestions,
  readResults,
  readSetting1,
  readSetting2,
  selectionItems,
  type LocatedQuestion
} from '../../lib/core/formats/release';
import type { AttitudeItemScore } from '../../lib/core/scoring/attitude';
import { summarizeAttitude } from '../../lib/core/scoring/attitude-summary';
import { summarizeSelection } from '../../lib/core/scoring/selection-summary';
import { attitudeTable, selectionTable } from '../report';

const TASKS = ['attitude', 'selection'] as const;

export interface CommandIO {
  out: (text: string) => void;
  /** One line of a message on stderr. */
  err: (text: string) => void;
  /** Raw progress output on stderr (no newline added); defaults to `err`. */
  progress?: (text: string) => void;
  /** Whether stderr is a terminal (progress is then redrawn in place). */
  tty?: boolean;
}

/** `score`: scores a release results file against its dataset file, as the release does. */
export async function scoreCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(
    argv,
    {
      values: ['task', 'dataset', 'predictions', 'run', 'judging'],
      switches: ['reasoning', 'strict', 'json']
    },
    'score'
  );
  const run = args.values.get('run');
  if (run !== undefined) {
    const extra = ['task', 'dataset', 'predictions'].filter((f) => args.values.has(f));
    if (extra.length > 0)
      throw new CliError(`score: --run takes no --${extra.join(', --')} (the run file records them)`);
    // Run files need the run, judging and check code; release files (the common, bulk case) do not.
    const { scoreRunFile } = await import('./score-run');
    return scoreRunFile(run, args.switches.has('json'), io, args.values.get('judging'));
  }
  const task = oneOf(required(args, 'task', 'score'), TASKS, 'task', 'score');
  const datasetFile = required(args, 'dataset', 'score');
  const predictionsFile = required(args, 'predictions', 'score');
  const reasoning = args.switches.has('reasoning');
  const strict = args.switches.has('strict');
  if (strict && task !== 'attitude') throw new CliError('score: --strict applies to --task attitude only');

  const outputs = readResults(predictionsFile, readText(predictionsFile, 'predictions'));
  const datasetText = readText(datasetFile, 'dataset');
  warnOnNames(predictionsFile, reasoning, io);

  let summary;
  if (task === 'attitude') {
    const questions = flattenQuestions(
      readDataset(datasetFile, datasetText, readSetting1, readSetting2, 'attitude', 'setting1')
    );
    const scored = summarizeAttitude(outputs, questions, { reasoning, strict });
    // Say where each item comes from, so a reader can find it in the dataset file.
    const items = scored.items.map((item, i) => located(i, questions[i]!, item));
    summary = { ...scored, items };
  } else {
    const dataset = readDataset(
      datasetFile,
      datasetText,
      readSetting2,
      readSetting1,
      'selection',
      'setting2'
    );
    const scored = summarizeSelection(outputs, selectionItems(dataset), { reasoning });
    summary = { ...scored, items: scored.items.map((item, i) => ({ index: i, story: i, ...item })) };
  }
  if (summary.lengthMismatch) {
    const { outputs: got, expected } = summary.lengthMismatch;
    io.err(
      `warning: ${predictionsFile} has ${got} outputs but ${datasetFile} has ${expected} items; ` +
        `scoring the first ${Math.min(got, expected)} as the release does`
    );
  }
  if (args.switches.has('json')) io.out(JSON.stringify({ ...summary, reasoning }));
  else
    io.out(
      summary.task === 'attitude' ? attitudeTable(summary, reasoning) : selectionTable(summary, reasoning)
    );
  return 0;
}

/** A scored question with its place in the dataset file (fields in this order in `--json`). */
function located(index: number, { story, question }: LocatedQuestion, item: AttitudeItemScore) {
  const { answer, option, prediction, gold, correct, outcome } = item;
  // Written out rather than spread: 16,000 spreads were a visible share of the command's time.
  return option === undefined
    ? { index, story, question, answer, prediction, gold, correct, outcome }
    : { index, story, question, answer, option, prediction, gold, correct, outcome };
}

/**
 * Reads the dataset file the task needs; when it is the other setting's file (an easy slip:
 * the release names them alike), says which file to use instead of a schema message.
 */
function readDataset<T>(
  file: string,
  text: string,
  read: (file: string, text: string) => T,
  readOther: (file: string, text: string) => unknown,
  task: 'attitude' | 'selection',
  setting: 'setting1' | 'setting2'
): T {
  try {
    return read(file, text);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    try {
      readOther(file, text);
    } catch {
      throw e;
    }
    const other =
      task === 'attitude' ? 'value selection (--task selection)' : 'attitude detection (--task attitude)';
    throw new CliError(
      `score: ${file} is a ${setting === 'setting1' ? 'setting-2' : 'setting-1'} file, for ${other}; ` +
        `--task ${task} needs the dataset_${setting}_*.json file`
    );
  }
}

/** The release names reasoning results `*_reasoning*.json`; a mismatch is usually a mistake. */
function warnOnNames(predictionsFile: string, reasoning: boolean, io: CommandIO): void {
  const named = basename(predictionsFile).includes('_reasoning');
  if (named && !reasoning)
    io.err(`warning: ${predictionsFile} looks like reasoning outputs; did you mean --reasoning?`);
}
