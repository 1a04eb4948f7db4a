/**
 * One run of one task in one prompt setting, as `run` makes it and `suite` makes each of its
 * runs: the flags both commands share, and the one way to open a run file, ask the items not
 * yet stored and judge value extraction.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  CliError,
  numberFlag,
  positiveInt,
  replyCapFlag,
  required,
  timingFlags,
  TIMING_FLAGS,
  type ParsedArgs,
  type Timing
} from './args';
import { createRunFile, JsonlResultStore, readRunFile, type RunFile } from './jsonl-store';
import { modelFromFlags, type ModelFlags } from './run-model';
import { appVersion } from './version';
import { ProgressPrinter } from './progress-line';
import { loadShipped } from './shipped-from-disk';
import { samplingFlags } from './sampling-flags';
import { endOf, judgeFromArgs, judgeRunFile, JUDGE_FLAGS, type Judge } from './judge-pass';
import type { CommandIO } from './commands/score';
import { exampleFor } from '../lib/core/dataset/shipped-benchmark';
import type { RunDataset, RunnableTask } from '../lib/core/dataset/run-dataset';
import { taskRunKind } from '../lib/core/run-kinds/task-run';
import { runItems, type RunProgress } from '../lib/core/runner/runner';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../lib/core/prompts/templates';
import { buildRunConfig } from '../lib/core/runner/run-config';
import { comparableIdentity } from '../lib/core/models/baselines';
import type { ChatModel } from '../lib/core/ports';
import { replyCapFor } from '../lib/core/runner/reply-cap';
import { DEFAULT_SAMPLING, type RunConfig, type Sampling } from '../lib/core/schema/run';

/** Flags of every command that makes runs: the model, its sampling, timing and judge. */
export const MODEL_RUN_FLAGS = {
  values: [
    'provider',
    'base-url',
    'model',
    'api-key',
    'concurrency',
    'temperature',
    'top-p',
    'max-tokens',
    'seed',
    'system-prompt',
    ...TIMING_FLAGS,
    ...JUDGE_FLAGS
  ],
  switches: ['no-stream']
} as const;

/** What the shared flags say, checked; the same for every run a command makes. */
export interface RunFlags {
  sampling: Sampling;
  systemPrompt: string;
  concurrency?: number;
  timing: Timing;
  maxReplyBytes?: number;
  stream: boolean;
  /** The provider flags, to make the model of each run with. */
  model: ModelFlags;
  /** Whether any `--judge-*` flag was given (the first one's name), for value extraction only. */
  judgeFlag: string | undefined;
}

export function runFlags(args: ParsedArgs, command: string): RunFlags {
  const sampling = samplingFlags(args, command, DEFAULT_SAMPLING);
  const concurrency = numberFlag(args, 'concurrency', positiveInt, 'a positive integer', command);
  const maxReplyBytes = replyCapFlag(args, command);
  const stream = !args.switches.has('no-stream');
  return {
    sampling,
    systemPrompt: args.values.get('system-prompt') ?? DEFAULT_SYSTEM_PROMPT,
    ...(concurrency === undefined ? {} : { concurrency }),
    timing: timingFlags(args, command),
    ...(maxReplyBytes === undefined ? {} : { maxReplyBytes }),
    stream,
    model: {
      provider: required(args, 'provider', command),
      model: args.values.get('model'),
      baseUrl: args.values.get('base-url'),
      apiKey: args.values.get('api-key'),
      concurrency,
      stream,
      seed: sampling.seed,
      ...(maxReplyBytes === undefined ? {} : { maxReplyBytes })
    },
    judgeFlag: JUDGE_FLAGS.find((f) => args.values.has(f))
  };
}

/** The judge of a value-extraction run, from the `--judge-*` flags; undefined when none is given. */
export function judgeOf(
  args: ParsedArgs,
  flags: RunFlags,
  dataset: RunDataset,
  command: string
): Judge | undefined {
  if (flags.judgeFlag === undefined) return undefined;
  return judgeFromArgs(args, dataset, command, {
    stream: flags.stream,
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    ...(flags.maxReplyBytes === undefined ? {} : { maxReplyBytes: flags.maxReplyBytes })
  });
}

/** One run, fully set up before anything is asked: a mistake in it costs no call. */
export interface RunPlan {
  /** For messages: `run` or `suite`. */
  command: string;
  task: RunnableTask;
  dataset: RunDataset;
  reasoning: boolean;
  shots: 0 | 1;
  flags: RunFlags;
  model: ChatModel;
  /** Judges a value-extraction run after the model's pass. */
  judge?: Judge;
  out: string;
  /** Continue the run in `out` instead of refusing an existing file. */
  resume: boolean;
}

/** Value extraction has no one-shot prompt: refused before anything else is looked at. */
export function checkShots(command: string, task: RunnableTask, shots: 0 | 1): void {
  if (task === 'extraction' && shots === 1)
    throw new CliError(`${command}: value extraction is zero-shot only`);
}

/** The run's model, made and checked (a key, a known preset) before any run file is written. */
export function planRun(p: Omit<RunPlan, 'model'>): RunPlan {
  checkShots(p.command, p.task, p.shots);
  return {
    ...p,
    model: modelFromFlags(p.flags.model, p.dataset, p.task, { command: p.command, prefix: '' })
  };
}

export interface RunEnd {
  /** 0 every item answered, 1 stopped or some items failed, 130 cancelled (Ctrl-C). */
  code: number;
  /** Whether every pass (the model's, the judge's) ran to its end; not when stopped or cancelled. */
  finished: boolean;
  /** The model pass's progress, when it ran to its end. */
  progress?: RunProgress;
  /** How many items have no answer and why, when some have none. */
  failed?: string;
}

/** The run's configuration as its file's header holds it. */
export function runConfigOf(plan: RunPlan): Promise<RunConfig> {
  const { flags } = plan;
  return buildRunConfig({
    task: plan.task,
    dataset: plan.dataset,
    reasoning: plan.reasoning,
    shots: plan.shots,
    systemPrompt: flags.systemPrompt,
    model: plan.model.identity,
    sampling: flags.sampling,
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    environment: { appVersion: appVersion(), userAgent: `node ${process.version}` },
    createdAt: new Date().toISOString()
  });
}

/**
 * Makes one run: opens its file (new, or the same run resumed), asks every item not stored
 * yet, appending each response as it arrives, and judges a value-extraction run that has a
 * judge. Messages and progress go to `io.err`; the caller says what to do next.
 */
export async function runOne(plan: RunPlan, signal: AbortSignal, io: CommandIO): Promise<RunEnd> {
  const { flags, out } = plan;
  const config = await runConfigOf(plan);
  const runId = await openRunFile(out, config, plan.resume, plan.command, io);
  const bench = plan.shots === 1 ? loadShipped() : undefined;
  const items = taskRunKind.plan({
    config,
    dataset: plan.dataset,
    templates: DEFAULT_TEMPLATES,
    ...(bench === undefined ? {} : { example: (story: string) => exampleFor(bench, story) })
  });
  const concurrency = flags.concurrency === undefined ? {} : { concurrency: flags.concurrency };
  const printer = new ProgressPrinter(io.progress ?? io.err, io.tty ?? false);
  const outcome = await runItems(
    plan.model,
    items,
    new JsonlResultStore(out),
    runId,
    {
      sampling: flags.sampling,
      ...concurrency,
      ...flags.timing,
      maxReplyBytes: flags.timing.maxReplyBytes ?? replyCapFor(plan.task)
    },
    {
      signal,
      onProgress: (p) => {
        printer.update(p);
      }
    }
  );
  printer.finish(outcome.progress);
  const stopped = endOf(outcome, out, io);
  if (stopped !== undefined) return { code: stopped, finished: false };
  // Failed items are not answers: a script must not take a run with holes for a whole one.
  const failed = failedItems(outcome.progress);
  const ended = {
    progress: outcome.progress,
    ...(failed === undefined ? {} : { failed })
  };
  if (plan.judge !== undefined) {
    io.err(`model done: ${counts(outcome.progress)}; judging`);
    // A new run gets a new judging; a resumed one continues the judging it started with this judge.
    const judged = await judgeRunFile(out, plan.judge, plan.resume, {
      ...concurrency,
      timing: flags.timing,
      signal,
      io
    });
    if (judged !== 0) return { code: judged, finished: false, ...ended };
  }
  return { code: failed === undefined ? 0 : 1, finished: true, ...ended };
}

export function counts(p: RunProgress): string {
  return `${p.answered} answered, ${p.failed} failed`;
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

/**
 * Refuses to continue a run file made with other settings, naming them; the one check of
 * `run --resume` and of a suite before it asks anything.
 */
export async function checkResumable(out: string, config: RunConfig, command: string): Promise<RunFile> {
  const existing = await readRunFile(out);
  const differs = (['task', 'dataset', 'categories', 'prompt', 'model', 'sampling'] as const).filter(
    (field) => comparable(existing.config, field) !== comparable(config, field)
  );
  if (differs.length > 0) {
    throw new CliError(
      `${command}: ${out} was started with other settings (${differs.join(', ')}); resume with the same flags`
    );
  }
  return existing;
}

/** A new run file, or the existing one when resuming with the same settings. */
async function openRunFile(
  out: string,
  config: RunConfig,
  resume: boolean,
  command: string,
  io: CommandIO
): Promise<string> {
  if (!existsSync(out)) {
    const id = randomUUID();
    await createRunFile(out, id, config);
    return id;
  }
  if (!resume)
    throw new CliError(
      `${command}: ${out} already exists; add --resume to continue it, or choose another --out`
    );
  const existing = await checkResumable(out, config, command);
  io.err(`resuming ${out}: ${existing.results.length} responses already stored`);
  return existing.id;
}
