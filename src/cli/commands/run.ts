import { CliError, oneOf, parseFlags, required } from '../args';
import { resolveRunDataset } from '../resolve-dataset';
import { untilInterrupted } from '../interrupt';
import { checkShots, counts, judgeOf, MODEL_RUN_FLAGS, planRun, runFlags, runOne } from '../run-one';
import type { CommandIO } from './score';
import type { RunnableTask } from '../../lib/core/dataset/run-dataset';

export const RUN_FLAGS = {
  values: [...MODEL_RUN_FLAGS.values, 'task', 'dataset', 'shots', 'out'],
  switches: [...MODEL_RUN_FLAGS.switches, 'reasoning', 'resume']
};

/** `run`: asks a model every item of a dataset, appending each response to RUN.jsonl as it arrives. */
export async function runCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(argv, RUN_FLAGS, 'run');
  const task: RunnableTask = oneOf(
    required(args, 'task', 'run'),
    ['attitude', 'selection', 'extraction'] as const,
    'task',
    'run'
  );
  const out = required(args, 'out', 'run');
  const shots: 0 | 1 =
    oneOf(args.values.get('shots') ?? '0', ['0', '1'] as const, 'shots', 'run') === '1' ? 1 : 0;
  const flags = runFlags(args, 'run');
  checkShots('run', task, shots);
  if (task !== 'extraction' && flags.judgeFlag !== undefined)
    throw new CliError(`run: --${flags.judgeFlag} applies to --task extraction only`);
  const dataset = resolveRunDataset(required(args, 'dataset', 'run'), task);
  // The judge is set up before the model is asked anything, so a mistake in its flags costs
  // nothing. Without judge flags only the model is asked; `judge` can judge the file later.
  const judge = judgeOf(args, flags, dataset, 'run');
  const plan = planRun({
    command: 'run',
    task,
    dataset,
    reasoning: args.switches.has('reasoning'),
    shots,
    flags,
    ...(judge === undefined ? {} : { judge }),
    out,
    resume: args.switches.has('resume')
  });
  return untilInterrupted(async (signal) => {
    const end = await runOne(plan, signal, io);
    if (end.progress !== undefined && judge === undefined)
      io.err(
        task === 'extraction'
          ? `model done: ${counts(end.progress)}; judge with: judge --run ${out} --judge-provider PRESET --judge-model NAME`
          : `done: ${counts(end.progress)}; score with: score --run ${out}`
      );
    if (end.failed !== undefined) io.err(end.failed);
    return end.code;
  });
}
