import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  CliError,
  numberFlag,
  oneOf,
  parseFlags,
  positiveInt,
  required,
  timingFlags,
  replyCapFlag,
  TIMING_FLAGS,
  TIMING_USAGE
} from '../args';
import { createRunFile, JsonlResultStore, readRunFile } from '../jsonl-store';
import { modelFromFlags } from '../run-model';
import { resolveRunDataset } from '../resolve-dataset';
import { appVersion } from '../version';
import { ProgressPrinter } from '../progress-line';
import { untilInterrupted } from '../interrupt';
import { loadShipped } from '../shipped-from-disk';
import type { CommandIO } from './score';
import { exampleFor } from '../../lib/core/dataset/shipped-benchmark';
import type { RunnableTask } from '../../lib/core/dataset/run-dataset';
import { taskRunKind } from '../../lib/core/run-kinds/task-run';
import { runItems, type RunProgress } from '../../lib/core/runner/runner';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../../lib/core/prompts/templates';
import { buildRunConfig } from '../../lib/core/runner/run-config';
import { comparableIdentity } from '../../lib/core/models/baselines';
import { samplingFlags } from '../sampling-flags';
import { endOf, judgeFromArgs, judgeRunFile, JUDGE_FLAGS, JUDGE_USAGE_FLAGS } from '../judge-pass';
import { DEFAULT_SAMPLING, type RunConfig } from '../../lib/core/schema/run';
import { replyCapFor } from '../../lib/core/runner/reply-cap';

export const RUN_USAGE =
  'run --provider PRESET|random|majority [--base-url URL] --model NAME [--api-key KEY] ' +
  '--task attitude|selection|extraction --dataset FILE|CATEGORY|all [--reasoning] [--shots 0|1] ' +
  '[--system-prompt TEXT] [--temperature T] [--top-p P] [--max-tokens N] [--seed N] [--concurrency N] ' +
  `${TIMING_USAGE} [--no-stream] --out RUN.jsonl [--resume] [${JUDGE_USAGE_FLAGS}]`;

export const RUN_FLAGS = {
  values: [
    'provider',
    'base-url',
    'model',
    'api-key',
    'task',
    'dataset',
    'shots',
    'concurrency',
    'out',
    'temperature',
    'top-p',
    'max-tokens',
    'seed',
    'system-prompt',
    ...TIMING_FLAGS,
    ...JUDGE_FLAGS
  ],
  switches: ['reasoning', 'resume', 'no-stream']
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
  const reasoning = args.switches.has('reasoning');
  const sampling = samplingFlags(args, 'run', DEFAULT_SAMPLING);
  const systemPrompt = args.values.get('system-prompt') ?? DEFAULT_SYSTEM_PROMPT;
  const concurrency = numberFlag(args, 'concurrency', positiveInt, 'a positive integer', 'run');
  const timing = timingFlags(args, 'run');
  const maxReplyBytes = replyCapFlag(args, 'run');

  if (task === 'extraction' && shots === 1) throw new CliError('run: value extraction is zero-shot only');
  const judgeGiven = JUDGE_FLAGS.filter((f) => args.values.has(f));
  if (task !== 'extraction' && judgeGiven.length > 0)
    throw new CliError(`run: --${judgeGiven[0]!} applies to --task extraction only`);
  const dataset = resolveRunDataset(required(args, 'dataset', 'run'), task);
  // The judge is set up before the model is asked anything, so a mistake in its flags costs
  // nothing. Without judge flags only the model is asked; `judge` can judge the file later.
  const judge =
    judgeGiven.length > 0
      ? judgeFromArgs(args, dataset, 'run', {
          stream: !args.switches.has('no-stream'),
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(maxReplyBytes === undefined ? {} : { maxReplyBytes })
        })
      : undefined;
  const model = modelFromFlags(
    {
      provider: required(args, 'provider', 'run'),
      model: args.values.get('model'),
      baseUrl: args.values.get('base-url'),
      apiKey: args.values.get('api-key'),
      concurrency,
      stream: !args.switches.has('no-stream'),
      seed: sampling.seed,
      ...(maxReplyBytes === undefined ? {} : { maxReplyBytes })
    },
    dataset,
    task
  );
  const config = await buildRunConfig({
    task,
    dataset,
    reasoning,
    shots,
    systemPrompt,
    model: model.identity,
    sampling,
    ...(concurrency === undefined ? {} : { concurrency }),
    environment: { appVersion: appVersion(), userAgent: `node ${process.version}` },
    createdAt: new Date().toISOString()
  });

  const runId = await openRunFile(out, config, args.switches.has('resume'), io);
  const bench = shots === 1 ? loadShipped() : undefined;
  const items = taskRunKind.plan({
    config,
    dataset,
    templates: DEFAULT_TEMPLATES,
    ...(bench === undefined ? {} : { example: (story: string) => exampleFor(bench, story) })
  });

  const printer = new ProgressPrinter(io.progress ?? io.err, io.tty ?? false);
  return untilInterrupted(async (signal) => {
    const outcome = await runItems(
      model,
      items,
      new JsonlResultStore(out),
      runId,
      {
        sampling,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...timing,
        maxReplyBytes: timing.maxReplyBytes ?? replyCapFor(task)
      },
      {
        signal,
        onProgress: (p) => {
          printer.update(p);
        }
      }
    );
    printer.finish(outcome.progress);
    const code = endOf(outcome, out, io);
    if (code !== undefined) return code;
    const counts = `${outcome.progress.answered} answered, ${outcome.progress.failed} failed`;
    // Failed items are not answers: a script must not take a run with holes for a whole one.
    const failed = failedItems(outcome.progress);
    if (judge === undefined) {
      io.err(
        task === 'extraction'
          ? `model done: ${counts}; judge with: judge --run ${out} --judge-provider PRESET --judge-model NAME`
          : `done: ${counts}; score with: score --run ${out}`
      );
      if (failed !== undefined) io.err(failed);
      return failed === undefined ? 0 : 1;
    }
    io.err(`model done: ${counts}; judging`);
    // A new run gets a new judging; a resumed one continues the judging it started with this judge.
    const judged = await judgeRunFile(out, judge, args.switches.has('resume'), {
      ...(concurrency === undefined ? {} : { concurrency }),
      timing,
      signal,
      io
    });
    if (failed !== undefined) io.err(failed);
    return judged === 0 && failed !== undefined ? 1 : judged;
  });
}

/** A field as a resume compares it; a model by `comparableIdentity`, so older files resume. */
function comparable(config: RunConfig, field: keyof RunConfig): string {
  return JSON.stringify(field === 'model' ? comparableIdentity(config.model) : config[field]);
}

/** How many items of the run have no answer and why the last one failed, or undefined if none. */
function failedItems(p: RunProgress): string | undefined {
  const failed = p.failed + p.resumedFailed;
  if (failed === 0) return undefined;
  const why = p.lastFailure === null ? '' : `; the last failure: ${p.lastFailure}`;
  return `error: ${failed} of ${p.total} items failed and have no answer${why}`;
}

/** A new run file, or the existing one when resuming with the same settings. */
async function openRunFile(out: string, config: RunConfig, resume: boolean, io: CommandIO): Promise<string> {
  if (!existsSync(out)) {
    const id = randomUUID();
    await createRunFile(out, id, config);
    return id;
  }
  if (!resume)
    throw new CliError(`run: ${out} already exists; add --resume to continue it, or choose another --out`);
  const existing = await readRunFile(out);
  const differs = (['task', 'dataset', 'categories', 'prompt', 'model', 'sampling'] as const).filter(
    (field) => comparable(existing.config, field) !== comparable(config, field)
  );
  if (differs.length > 0) {
    throw new CliError(
      `run: ${out} was started with other settings (${differs.join(', ')}); resume with the same flags`
    );
  }
  io.err(`resuming ${out}: ${existing.results.length} responses already stored`);
  return existing.id;
}
