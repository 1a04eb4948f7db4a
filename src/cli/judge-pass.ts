import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { CliError, numberFlag, type ParsedArgs, type Timing } from './args';
import { samplingFlags } from './sampling-flags';
import { appendJudging, JsonlResultStore, readRunFile, type JudgingFile, type RunFile } from './jsonl-store';
import { modelFromFlags } from './run-model';
import { ProgressPrinter } from './progress-line';
import { appVersion } from './version';
import type { CommandIO } from './commands/score';
import { datasetHash } from '../lib/core/dataset/hash';
import { planKeys, type RunDataset } from '../lib/core/dataset/run-dataset';
import { DEFAULT_JUDGE_SAMPLING, extractionGold } from '../lib/core/extraction';
import { judgingKind } from '../lib/core/run-kinds/judging';
import type { ChatModel } from '../lib/core/ports';
import { runItems, type RunOutcome } from '../lib/core/runner/runner';
import { JUDGE_SAMPLES_RULE } from '../lib/core/schema/judging';
import { buildJudgingConfig } from '../lib/core/runner/run-config';
import type { Sampling } from '../lib/core/schema/run';
import { FormatError } from '../lib/core/format-error';
import { datasetOfRun } from './resolve-dataset';

/** Flags that choose a judge, for `run --task extraction` and `judge`. */
export const JUDGE_FLAGS = [
  'judge-provider',
  'judge-base-url',
  'judge-model',
  'judge-api-key',
  'judge-samples',
  'judge-temperature',
  'judge-max-tokens'
];

export interface Judge {
  model: ChatModel;
  sampling: Sampling;
  samples: number;
}

/**
 * The judge from `--judge-*` flags. The key comes from `--judge-api-key` or the judge preset's
 * own variable; it goes to the judge's server only and is never written to the run file.
 */
export function judgeFromArgs(
  args: ParsedArgs,
  dataset: RunDataset,
  command: string,
  common: { concurrency?: number; stream: boolean; maxReplyBytes?: number }
): Judge {
  const provider = args.values.get('judge-provider');
  if (provider === undefined)
    throw new CliError(`${command}: --judge-provider is required to judge value extraction`);
  const samples =
    numberFlag(args, 'judge-samples', JUDGE_SAMPLES_RULE.accepts, JUDGE_SAMPLES_RULE.describe, command) ?? 1;
  const sampling = samplingFlags(args, command, DEFAULT_JUDGE_SAMPLING, 'judge-');
  const model = modelFromFlags(
    {
      provider,
      model: args.values.get('judge-model'),
      baseUrl: args.values.get('judge-base-url'),
      apiKey: args.values.get('judge-api-key'),
      ...common
    },
    dataset,
    'extraction',
    { command, prefix: 'judge-' }
  );
  return { model, sampling, samples };
}

/** The run file's dataset, refused when it has changed since the run was made. */
export async function datasetOfRunFile(path: string, run: RunFile): Promise<RunDataset> {
  const dataset = datasetOfRun(run.config.dataset.id, run.config.categories, run.config.task);
  if ((await datasetHash(dataset.categories)) !== run.config.dataset.sha256)
    throw new FormatError(
      path,
      '',
      `the dataset ${run.config.dataset.name} has changed since this run was made`
    );
  return dataset;
}

/** The judge calls a judging of this run needs, to know whether one is complete. */
export function judgeKeys(run: RunFile, dataset: RunDataset, samples: number): string[] {
  const keys = new Set(planKeys(dataset, 'extraction'));
  const gold = extractionGold(dataset).filter((g) => keys.has(g.key));
  return judgingKind.plan({ gold, runResults: run.results, samples }).map((i) => i.key);
}

export function isComplete(judging: JudgingFile, wanted: readonly string[]): boolean {
  const stored = new Set(judging.results.map((r) => r.itemKey));
  return wanted.every((k) => stored.has(k));
}

export type PassTiming = Timing;

export interface PassOptions {
  concurrency?: number;
  timing: PassTiming;
  signal: AbortSignal;
  io: CommandIO;
}

/**
 * Judges a value-extraction run file: a new judging, or (with `resume`) the latest one with
 * the same judge, sampling, samples and template, asking only the judge items it lacks. The
 * model's stored responses are only read.
 */
export async function judgeRunFile(
  path: string,
  judge: Judge,
  resume: boolean,
  o: PassOptions
): Promise<number> {
  const run = await readRunFile(path);
  if (run.config.task !== 'extraction') throw new CliError(`judge: ${path} is not a value-extraction run`);
  const dataset = await datasetOfRunFile(path, run);
  const config = await buildJudgingConfig({
    runId: run.id,
    judge: judge.model.identity,
    sampling: judge.sampling,
    samples: judge.samples,
    environment: { appVersion: appVersion(), userAgent: `node ${process.version}` },
    createdAt: new Date().toISOString()
  });
  const same = (j: JudgingFile): boolean =>
    (['judge', 'sampling', 'samples', 'templateHash'] as const).every(
      (f) => JSON.stringify(j.config[f]) === JSON.stringify(config[f])
    );
  let id = resume ? run.judgings.findLast(same)?.id : undefined;
  if (id === undefined) {
    id = randomUUID();
    await appendJudging(path, id, config);
    o.io.err(
      `judging ${id} with ${config.judge.model} (${config.samples} sample${config.samples > 1 ? 's' : ''} per story)`
    );
  } else o.io.err(`resuming judging ${id}`);

  const keys = new Set(planKeys(dataset, 'extraction'));
  const gold = extractionGold(dataset).filter((g) => keys.has(g.key));
  const items = judgingKind.plan({ gold, runResults: run.results, samples: judge.samples });
  const printer = new ProgressPrinter(o.io.progress ?? o.io.err, o.io.tty ?? false);
  const outcome = await runItems(
    judge.model,
    items,
    new JsonlResultStore(path),
    id,
    {
      sampling: judge.sampling,
      ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
      ...o.timing
    },
    {
      signal: o.signal,
      onProgress: (p) => {
        printer.update(p);
      }
    }
  );
  printer.finish(outcome.progress);
  const code = endOf(outcome, path, o.io);
  if (code !== undefined) return code;
  o.io.err(
    `judged: ${outcome.progress.answered} answered, ${outcome.progress.failed} failed; score with: score --run ${path}`
  );
  return 0;
}

/** The exit code of a stopped or cancelled pass (after saving what could not be written), or undefined. */
export function endOf(outcome: RunOutcome, out: string, io: CommandIO): number | undefined {
  if (outcome.unsaved.length > 0) {
    const rescue = `${out}.unsaved.jsonl`;
    writeFileSync(rescue, outcome.unsaved.map((r) => `${JSON.stringify(r)}\n`).join(''));
    io.err(`${outcome.unsaved.length} responses could not be written to ${out}; they are in ${rescue}`);
  }
  if (outcome.status === 'cancelled') {
    io.err(`cancelled; continue with the same command and --resume`);
    return 130;
  }
  if (outcome.status === 'stopped') {
    io.err(`stopped: ${outcome.stopped.message}`);
    return 1;
  }
  return undefined;
}
