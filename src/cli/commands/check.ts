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
  TIMING_FLAGS
} from '../args';
import { createCheckFile, CheckFileStore, readCheckFile } from '../check-file';
import { modelFromFlags } from '../run-model';
import { resolveRunDataset } from '../resolve-dataset';
import { appVersion } from '../version';
import { ProgressPrinter } from '../progress-line';
import { untilInterrupted } from '../interrupt';
import { samplingFlags } from '../sampling-flags';
import { endOf } from '../judge-pass';
import { checkReport } from '../report-checks';
import type { CommandIO } from './score';
import type { RunDataset } from '../../lib/core/dataset/run-dataset';
import { datasetHash } from '../../lib/core/dataset/hash';
import {
  CHECK_KINDS,
  checkTemplateHash,
  DEFAULT_CHECK_TEMPLATES,
  type CheckKind
} from '../../lib/core/checks/check-templates';
import { checkRunKind, checkStoriesOf } from '../../lib/core/run-kinds/check-run';
import { runItems } from '../../lib/core/runner/runner';
import { replyCapFor } from '../../lib/core/runner/reply-cap';
import { comparableIdentity } from '../../lib/core/models/baselines';
import { DEFAULT_SAMPLING } from '../../lib/core/schema/run';
import type { CheckRunConfig } from '../../lib/core/schema/check-run';

/** Each check three times, as the release runs them. */
export const DEFAULT_CHECK_SAMPLES = 3;

const CHECK_FLAGS = {
  values: [
    'provider',
    'base-url',
    'model',
    'api-key',
    'dataset',
    'category',
    'checks',
    'samples',
    'concurrency',
    'out',
    'temperature',
    'top-p',
    'max-tokens',
    'seed',
    ...TIMING_FLAGS
  ],
  switches: ['resume', 'no-stream']
};

/**
 * `check`: runs the three quality checks (or some) on a dataset's stories with any model,
 * k samples each, appending every reply to CHECKS.jsonl as it arrives; `--resume` asks only
 * what is missing. Ends with the pass rates (`score --run CHECKS.jsonl` prints them again).
 */
export async function checkCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(argv, CHECK_FLAGS, 'check');
  const out = required(args, 'out', 'check');
  const checks = checksFlag(args.values.get('checks'));
  const samples =
    numberFlag(args, 'samples', (n) => positiveInt(n) && n <= 10, 'a whole number from 1 to 10', 'check') ??
    DEFAULT_CHECK_SAMPLES;
  const sampling = samplingFlags(args, 'check', DEFAULT_SAMPLING);
  const concurrency = numberFlag(args, 'concurrency', positiveInt, 'a positive integer', 'check');
  const timing = timingFlags(args, 'check');
  const dataset = onlyCategory(
    resolveRunDataset(args.values.get('dataset') ?? 'all', 'extraction'),
    args.values.get('category')
  );
  let stories;
  try {
    stories = checkStoriesOf(dataset);
  } catch (e) {
    throw new CliError(`check: ${e instanceof Error ? e.message : String(e)}`);
  }
  const model = modelFromFlags(
    {
      provider: required(args, 'provider', 'check'),
      model: args.values.get('model'),
      baseUrl: args.values.get('base-url'),
      apiKey: args.values.get('api-key'),
      concurrency,
      stream: !args.switches.has('no-stream'),
      seed: sampling.seed,
      maxReplyBytes: timing.maxReplyBytes ?? replyCapFor('extraction')
    },
    dataset,
    'extraction',
    { command: 'check', prefix: '' }
  );
  const config: CheckRunConfig = {
    kind: 'check',
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
    categories: Object.keys(dataset.categories),
    checks,
    samples,
    templateHash: await checkTemplateHash(DEFAULT_CHECK_TEMPLATES, ''),
    model: model.identity,
    sampling,
    environment: { appVersion: appVersion(), userAgent: `node ${process.version}` },
    createdAt: new Date().toISOString()
  };
  const id = await openCheckFile(out, config, args.switches.has('resume'), io);
  const input = { stories, checks, samples };
  const items = checkRunKind.plan(input);
  const store = new CheckFileStore(out);
  const printer = new ProgressPrinter(io.progress ?? io.err, io.tty ?? false);
  return untilInterrupted(async (signal) => {
    const outcome = await runItems(
      model,
      items,
      store,
      id,
      {
        sampling,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...timing,
        maxReplyBytes: timing.maxReplyBytes ?? replyCapFor('extraction')
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
    const file = await readCheckFile(out);
    io.out(checkReport(checkRunKind.summarise(input, file.results), file.config));
    const p = outcome.progress;
    const failed = p.failed + p.resumedFailed;
    io.err(`done: ${p.answered} calls answered, ${failed} failed; show again with: score --run ${out}`);
    if (failed === 0) return 0;
    const why = p.lastFailure === null ? '' : `; the last failure: ${p.lastFailure}`;
    io.err(`error: ${failed} of ${p.total} calls failed and have no reply${why}`);
    return 1;
  });
}

function checksFlag(value: string | undefined): CheckKind[] {
  if (value === undefined) return [...CHECK_KINDS];
  const named = value.split(',').map((c) => oneOf(c.trim(), CHECK_KINDS, 'checks', 'check'));
  return CHECK_KINDS.filter((c) => named.includes(c));
}

function onlyCategory(dataset: RunDataset, category: string | undefined): RunDataset {
  if (category === undefined) return dataset;
  const files = Object.hasOwn(dataset.categories, category) ? dataset.categories[category] : undefined;
  if (files === undefined)
    throw new CliError(
      `check: ${dataset.name} has no category "${category}" (it has ${Object.keys(dataset.categories).join(', ')})`
    );
  return { ...dataset, name: `${dataset.name}, ${category}`, categories: { [category]: files } };
}

/** A new check file, or the existing one when resuming with the same settings. */
async function openCheckFile(
  out: string,
  config: CheckRunConfig,
  resume: boolean,
  io: CommandIO
): Promise<string> {
  if (!existsSync(out)) {
    const id = randomUUID();
    await createCheckFile(out, id, config);
    return id;
  }
  if (!resume)
    throw new CliError(`check: ${out} already exists; add --resume to continue it, or choose another --out`);
  const existing = await readCheckFile(out);
  const comparable = (c: CheckRunConfig, field: keyof CheckRunConfig): string =>
    JSON.stringify(field === 'model' ? comparableIdentity(c.model) : c[field]);
  const differs = (
    ['dataset', 'categories', 'checks', 'samples', 'templateHash', 'model', 'sampling'] as const
  ).filter((field) => comparable(existing.config, field) !== comparable(config, field));
  if (differs.length > 0)
    throw new CliError(
      `check: ${out} was started with other settings (${differs.join(', ')}); resume with the same flags`
    );
  io.err(`resuming ${out}: ${existing.results.length} replies already stored`);
  return existing.id;
}
