import { CliError, parseFlags, required, type ParsedArgs } from '../args';
import { readRunFile } from '../jsonl-store';
import { datasetOfRunFile, judgeFromArgs, judgeRunFile, JUDGE_FLAGS } from '../judge-pass';
import type { CommandIO } from './score';
import { timing } from './run';

export const JUDGE_USAGE =
  'judge --run RUN.jsonl --judge-provider PRESET --judge-model NAME [--judge-base-url URL] [--judge-api-key KEY] ' +
  '[--judge-samples K] [--judge-temperature T] [--concurrency N] [--resume]';

function positive(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`judge: --${name} must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * `judge`: judges a finished value-extraction run again, with another judge or the same one,
 * as a new judging in the same file; the model is not asked anything. `--resume` continues the
 * latest judging with the same judge settings instead of starting another.
 */
export async function judgeCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(
    argv,
    {
      values: ['run', 'concurrency', 'timeout-ms', 'max-attempts', ...JUDGE_FLAGS],
      switches: ['resume', 'no-stream']
    },
    'judge'
  );
  const path = required(args, 'run', 'judge');
  const run = await readRunFile(path);
  if (run.config.task !== 'extraction')
    throw new CliError(`judge: ${path} is a ${run.config.task} run; only value-extraction runs have a judge`);
  const dataset = await datasetOfRunFile(path, run);
  const concurrency = positive(args, 'concurrency');
  const judge = judgeFromArgs(args, dataset, 'judge', {
    stream: !args.switches.has('no-stream'),
    ...(concurrency === undefined ? {} : { concurrency })
  });
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await judgeRunFile(path, judge, args.switches.has('resume'), {
      ...(concurrency === undefined ? {} : { concurrency }),
      timing: timing(args),
      signal: controller.signal,
      io
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
