import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { CliError, numberFlag, parseFlags, positiveInt, required, timingFlags, TIMING_FLAGS } from '../args';
import { modelFromFlags } from '../run-model';
import { baselineChoice } from '../../lib/models/registry';
import { appVersion } from '../version';
import { untilInterrupted } from '../interrupt';
import { samplingFlags } from '../sampling-flags';
import { endOf } from '../judge-pass';
import { readText } from '../files';
import { ConstructionFileStore, createConstructionFile, readConstructionFile } from '../construction-file';
import type { CommandIO } from './score';
import { finishConstruction } from './generate-finish';
import {
  DRAW_AND_PRICE_FLAGS,
  poolFlag,
  pricesFlags,
  scenesFlag,
  shippedPool,
  valuesPerStoryFlag
} from '../construction-flags';
import { ProgressPrinter } from '../progress-line';
import { buildProgressLine } from '../build-progress-line';
import { describeIssue } from '../../lib/core/format-error';
import {
  BuildTracker,
  buildCost,
  costLine,
  type BuildProgress,
  type ConstructionPrices
} from '../../lib/core/construction/build-progress';
import { MIN_BODY_WORDS } from '../../lib/core/dataset/rules';
import { DEFAULT_BUILD_OPTIONS, type BuildState } from '../../lib/core/construction/build-story';
import { runConstruction } from '../../lib/core/construction/construct';
import { callBoundLine, constructionCallBound } from '../../lib/core/construction/call-bound';
import {
  buildOptionsOf,
  CONSTRUCTION_SAMPLING,
  constructionConfigSchema,
  constructionPlans,
  MAX_CHARACTERS,
  templateProblem,
  templatesOf,
  type ConstructionConfig
} from '../../lib/core/construction/construction-file';
import {
  constructionTemplateHash,
  constructionTemplatesText,
  DEFAULT_CONSTRUCTION_TEMPLATES,
  isDefaultTemplates,
  readConstructionTemplates
} from '../../lib/core/construction/construction-templates';
import { comparableIdentity } from '../../lib/core/models/baselines';
import { replyCapFor } from '../../lib/core/runner/reply-cap';
import type { ChatModel, ResultStore } from '../../lib/core/ports';

const MODEL_FLAGS = ['provider', 'base-url', 'model', 'api-key', 'concurrency'] as const;

const GENERATE_FLAGS = {
  values: [
    ...MODEL_FLAGS,
    ...MODEL_FLAGS.map((f) => `validator-${f}`),
    'category',
    'characters',
    'count',
    'seed',
    'rounds',
    'min-words',
    'out',
    'finish',
    'templates',
    ...DRAW_AND_PRICE_FLAGS,
    'temperature',
    'top-p',
    'max-tokens',
    ...TIMING_FLAGS
  ],
  switches: ['resume', 'no-stream', 'default-templates']
};

/**
 * `generate`: builds stories by the construction recipe (draw, write, then rounds of the three
 * checks with their fixes, the mechanical rules after every rewrite) with a writer model and a
 * checking model (the writer's unless `--validator-*` flags are given), appending every reply to
 * GEN.jsonl as it arrives; `--resume` asks only what is missing. Ends with each story's outcome.
 */
export async function generateCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(argv, GENERATE_FLAGS, 'generate');
  if (args.switches.has('default-templates')) {
    if (args.values.size > 0 || args.switches.size > 1)
      throw new CliError('generate --default-templates takes no other flag');
    io.out(constructionTemplatesText(DEFAULT_CONSTRUCTION_TEMPLATES).trimEnd());
    return 0;
  }
  const out = required(args, 'out', 'generate');
  const finish = args.values.get('finish');
  if (finish !== undefined) {
    const others = [...args.values.keys(), ...args.switches].filter((f) => f !== 'finish' && f !== 'out');
    if (others.length > 0)
      throw new CliError(`generate --finish takes only --out DIR, not --${others.join(', --')}`);
    return finishConstruction(finish, out, io);
  }
  const category = required(args, 'category', 'generate');
  const parsedCategory = constructionConfigSchema.shape.category.safeParse(category);
  if (!parsedCategory.success)
    throw new CliError(
      `generate: --category must be one of ${constructionConfigSchema.shape.category.options.join(', ')}`
    );
  const characters = numberFlag(
    args,
    'characters',
    (n) => Number.isInteger(n) && n >= 2 && n <= MAX_CHARACTERS,
    `a whole number from 2 to ${MAX_CHARACTERS}`,
    'generate'
  );
  if (characters !== undefined && parsedCategory.data !== 'multiple')
    throw new CliError(
      'generate: --characters is for --category multiple only (the characters who hold the values)'
    );
  const count =
    numberFlag(
      args,
      'count',
      (n) => positiveInt(n) && n <= 1000,
      'a whole number from 1 to 1000',
      'generate'
    ) ?? 1;
  const rounds =
    numberFlag(
      args,
      'rounds',
      (n) => Number.isInteger(n) && n >= 0 && n <= 10,
      'a whole number from 0 to 10',
      'generate'
    ) ?? DEFAULT_BUILD_OPTIONS.rounds;
  const minWords =
    numberFlag(args, 'min-words', positiveInt, 'a positive integer', 'generate') ?? MIN_BODY_WORDS;
  // `--seed` is the draw's seed here, not a sampling seed.
  const samplingArgs = { ...args, values: new Map([...args.values].filter(([k]) => k !== 'seed')) };
  const sampling = samplingFlags(samplingArgs, 'generate', CONSTRUCTION_SAMPLING);
  const timing = timingFlags(args, 'generate');
  const writer = modelOf(args, '', timing.maxReplyBytes);
  const checker = args.values.has('validator-provider')
    ? modelOf(args, 'validator-', timing.maxReplyBytes)
    : writer;
  const templatesFile = args.values.get('templates');
  const templates =
    templatesFile === undefined
      ? DEFAULT_CONSTRUCTION_TEMPLATES
      : readConstructionTemplates(templatesFile, readText(templatesFile, 'templates file'));
  const prices = pricesFlags(args, checker === writer);
  const pool = await poolFlag(args);
  const valuesPerStory = valuesPerStoryFlag(args);
  const scenes = scenesFlag(args);
  const config: ConstructionConfig = {
    kind: 'construction',
    category: parsedCategory.data,
    count,
    ...(characters === undefined ? {} : { characters }),
    ...(pool === undefined ? {} : { pool }),
    ...(valuesPerStory === undefined ? {} : { valuesPerStory }),
    ...(scenes === undefined ? {} : { scenes }),
    seed: args.values.get('seed') ?? 'cqbench-generate-1',
    rounds,
    ruleFixes: DEFAULT_BUILD_OPTIONS.ruleFixes,
    minWords,
    templateHash: await constructionTemplateHash(templates),
    ...((await isDefaultTemplates(templates)) ? {} : { templates }),
    writer: writer.identity,
    checker: checker.identity,
    sampling,
    environment: { appVersion: appVersion(), userAgent: `node ${process.version}` },
    createdAt: new Date().toISOString()
  };
  const checked = constructionConfigSchema.safeParse(config);
  if (!checked.success) {
    const { where, detail } = describeIssue(checked.error);
    throw new CliError(`generate: the settings do not fit together (${where}): ${detail}`);
  }
  // Drawn before the file is made: a pool too small for the draw is refused with nothing written.
  const plans = constructionPlans(config, pool === undefined ? shippedPool(config.category) : []);
  const options = buildOptionsOf(config);
  const id = await openConstructionFile(out, config, args.switches.has('resume'), io);
  const stored = (await readConstructionFile(out)).results;
  const tracker = new BuildTracker(plans, options, stored);
  const printer = new ProgressPrinter(io.progress ?? io.err, io.tty ?? false, Date.now, (p: BuildProgress) =>
    buildProgressLine(p, prices)
  );
  const file = new ConstructionFileStore(out);
  // Every reply the file keeps moves the progress line on.
  const store: ResultStore = {
    storedKeys: () => file.storedKeys(),
    failedKeys: () => file.failedKeys(),
    async save(runId, result) {
      await file.save(runId, result);
      printer.update(tracker.record(result));
    }
  };
  const runOptions = (model: ChatModel, prefix: '' | 'validator-') => {
    const concurrency = numberFlag(
      args,
      `${prefix}concurrency`,
      positiveInt,
      'a positive integer',
      'generate'
    );
    return {
      model,
      options: {
        sampling,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...timing,
        maxReplyBytes: timing.maxReplyBytes ?? replyCapFor('extraction')
      }
    };
  };
  io.err(
    callBoundLine(constructionCallBound(plans.length, rounds, options.ruleFixes, sampling.maxTokens), prices)
  );
  return untilInterrupted(async (signal) => {
    const result = await runConstruction(
      {
        writer: runOptions(writer, ''),
        checker: runOptions(checker, checker === writer ? '' : 'validator-')
      },
      plans,
      options,
      store,
      id,
      stored,
      {
        signal,
        onProgress: () => undefined
      }
    );
    // Printed however it ended: an interrupted construction's tokens and cost so far too.
    printer.finish(tracker.snapshot());
    if (result.outcome) {
      const code = endOf(result.outcome, out, io);
      if (code !== undefined) return code;
    }
    result.stories.forEach((story, i) => {
      io.out(`${plans[i]!.key}: ${describeOutcome(story)}`);
    });
    const passed = result.stories.filter((s) => s.outcome?.status === 'passed').length;
    const stopped = result.stories.filter((s) => s.outcome?.status === 'stopped').length;
    io.err(
      `done: ${passed} of ${plans.length} stories passed every check, ${plans.length - passed - stopped} kept with failing checks named, ${stopped} stopped; ${result.asked} calls asked this time; ${usageSummary(tracker.snapshot(), prices)}`
    );
    return stopped === 0 ? 0 : 1;
  });
}

/** Every stored call's tokens per model, and their cost when priced. */
function usageSummary(p: BuildProgress, prices: ConstructionPrices): string {
  const { writer, checker } = p.byRole;
  const cost = buildCost(p, prices);
  return (
    `writer ${writer.calls} calls, ${writer.promptTokens}+${writer.completionTokens} tokens; ` +
    `checker ${checker.calls} calls, ${checker.promptTokens}+${checker.completionTokens} tokens` +
    (cost === undefined ? '' : `; ${costLine(cost)} at the prices given`)
  );
}

function describeOutcome(story: BuildState): string {
  const versions = `${story.versions.length} version${story.versions.length === 1 ? '' : 's'}`;
  const outcome = story.outcome;
  if (outcome === undefined) return `unfinished (${versions})`;
  if (outcome.status === 'passed') return `passed (${versions})`;
  if (outcome.status === 'stopped') return `stopped: ${outcome.reason}`;
  return `failed (${versions}): ${outcome.failing.join('; ')}`;
}

function modelOf(
  args: ReturnType<typeof parseFlags>,
  prefix: '' | 'validator-',
  maxReplyBytes: number | undefined
): ChatModel {
  const provider = required(args, `${prefix}provider`, 'generate');
  if (baselineChoice(provider) !== undefined)
    throw new CliError(
      `generate: a baseline cannot write or check stories: choose a model for --${prefix}provider`
    );
  return modelFromFlags(
    {
      provider,
      model: args.values.get(`${prefix}model`),
      baseUrl: args.values.get(`${prefix}base-url`),
      apiKey: args.values.get(`${prefix}api-key`),
      stream: !args.switches.has('no-stream'),
      maxReplyBytes: maxReplyBytes ?? replyCapFor('extraction')
    },
    { id: 'construction', name: 'construction', categories: {} },
    'extraction',
    { command: 'generate', prefix: '' }
  );
}

/** A new construction file, or the existing one when resuming with the same settings. */
async function openConstructionFile(
  out: string,
  config: ConstructionConfig,
  resume: boolean,
  io: CommandIO
): Promise<string> {
  if (!existsSync(out)) {
    const id = randomUUID();
    await createConstructionFile(out, id, config);
    return id;
  }
  if (!resume)
    throw new CliError(
      `generate: ${out} already exists; add --resume to continue it, or choose another --out`
    );
  const existing = await readConstructionFile(out);
  const comparable = (c: ConstructionConfig, field: keyof ConstructionConfig): string =>
    JSON.stringify(field === 'writer' || field === 'checker' ? comparableIdentity(c[field]) : c[field]);
  const differs: string[] = (
    [
      'category',
      'characters',
      'pool',
      'valuesPerStory',
      'scenes',
      'count',
      'seed',
      'rounds',
      'ruleFixes',
      'minWords',
      'writer',
      'checker',
      'sampling'
    ] as const
  ).filter((field) => comparable(existing.config, field) !== comparable(config, field));
  const problem = await templateProblem(existing.config);
  if (problem !== undefined) throw new CliError(`generate: ${out} cannot be resumed: ${problem}`);
  // Compared by content: a file made before the cast rule was hashed records another hash of the same defaults.
  const [was, now] = await Promise.all(
    [existing.config, config].map((c) => constructionTemplateHash(templatesOf(c)))
  );
  if (was !== now) differs.push('templates');
  if (differs.length > 0)
    throw new CliError(
      `generate: ${out} was started with other settings (${differs.join(', ')}); resume with the same flags`
    );
  io.err(`resuming ${out}: ${existing.results.length} replies already stored`);
  return existing.id;
}
