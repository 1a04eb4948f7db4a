import {
  CliError,
  numberFlag,
  parseFlags,
  positiveInt,
  required,
  timingFlags,
  replyCapFlag,
  TIMING_FLAGS
} from '../args';
import { readRunFile } from '../jsonl-store';
import { datasetOfRunFile, judgeFromArgs, judgeRunFile, JUDGE_FLAGS } from '../judge-pass';
import type { CommandIO } from './score';
import { untilInterrupted } from '../interrupt';

export const JUDGE_COMMAND_FLAGS = {
  values: ['run', 'concurrency', ...TIMING_FLAGS, ...JUDGE_FLAGS],
  switches: ['resume', 'no-stream']
};

/**
 * `judge`: judges a finished value-extraction run again, with another judge or the same one,
 * as a new judging in the same file; the model is not asked anything. `--resume` continues the
 * latest judging with the same judge settings instead of starting another.
 */
export async function judgeCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(argv, JUDGE_COMMAND_FLAGS, 'judge');
  const path = required(args, 'run', 'judge');
  // Flags are checked before the file is read: a mistake is named without touching anything.
  const concurrency = numberFlag(args, 'concurrency', positiveInt, 'a positive integer', 'judge');
  const timing = timingFlags(args, 'judge');
  const maxReplyBytes = replyCapFlag(args, 'judge');
  const run = await readRunFile(path);
  if (run.config.task !== 'extraction')
    throw new CliError(`judge: ${path} is a ${run.config.task} run; only value-extraction runs have a judge`);
  const dataset = await datasetOfRunFile(path, run);
  const judge = judgeFromArgs(args, dataset, 'judge', {
    stream: !args.switches.has('no-stream'),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(maxReplyBytes === undefined ? {} : { maxReplyBytes })
  });
  return untilInterrupted((signal) =>
    judgeRunFile(path, judge, args.switches.has('resume'), {
      ...(concurrency === undefined ? {} : { concurrency }),
      timing,
      signal,
      io
    })
  );
}
