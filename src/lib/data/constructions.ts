import { version } from '$app/environment';
import type { ChatModel, ResultStore } from '$lib/core/ports';
import {
  DEFAULT_BUILD_OPTIONS,
  buildStory,
  type BuildOptions,
  type BuildPlan,
  type BuildState
} from '$lib/core/construction/build-story';
import {
  BuildTracker,
  constructionPricesSchema,
  type BuildProgress,
  type ConstructionPrices
} from '$lib/core/construction/build-progress';
import { poolFor, type ImportedPool } from '$lib/core/construction/imported-pool';
import type { Scene } from '$lib/core/schema/story';
import {
  constructionConfigSchema,
  constructionFileText,
  constructionPlans,
  buildOptionsOf,
  MAX_CHARACTERS,
  templateProblem,
  type ConstructionConfig,
  type ConstructionContent
} from '$lib/core/construction/construction-file';
import {
  constructionTemplateHash,
  DEFAULT_CONSTRUCTION_TEMPLATES,
  isDefaultTemplates,
  type ConstructionTemplates
} from '$lib/core/construction/construction-templates';
import { datasetHash } from '$lib/core/dataset/hash';
import { buildReleaseFiles } from '$lib/core/dataset/build';
import { releaseFileTexts } from '$lib/core/dataset/release-file-texts';
import { builtStories } from '$lib/core/construction/built-dataset';
import { builtOrigin } from '$lib/core/construction/built-origin';
import { lineageOf, type LineageEntry } from '$lib/core/construction/lineage';
import { importReleaseFiles } from '$lib/storage/datasets';
import { replyCapFor } from '$lib/core/runner/reply-cap';
import type { RunOptions } from '$lib/core/runner/run-options';
import type { ItemResult, ModelIdentity, RunLimits, Sampling } from '$lib/core/schema/run';
import type { PoolEntry } from '$lib/core/schema/value';
import type { PhaseEnd } from '$lib/core/runner/phase-end';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import {
  createConstruction,
  deleteConstruction,
  getConstruction,
  listConstructions,
  setConstructionDataset,
  setConstructionPrices,
  type StoredConstruction
} from '$lib/storage/constructions';
import { setConstructionStatus } from '$lib/storage/construction-status';
import { IndexedDbResultStore, responsesOf } from '$lib/storage/runs';
import { loadShippedBenchmark } from './shipped-from-bundle';
import { constructionModelFor } from './run-model';
import { deleteWhileIdle } from './runs';
import { recorded, timing, type LoadedModels } from './run-phases';

export type { StoredConstruction, BuildProgress, ConstructionPrices };

/** The categories whose value pools stories are built from. */
export const BUILD_CATEGORIES = constructionConfigSchema.shape.category.options;

/** A construction as the Run page asks it: the draw, the recipe's rounds, and the two models. */
export interface BuildRequest {
  category: ConstructionConfig['category'];
  count: number;
  /** The multiple-character variant's cast size (2 to MAX_CHARACTERS); absent: the draw's default. */
  characters?: number;
  /** A value pool the user imported (read with `importPool`); absent: the category's pool. */
  pool?: ImportedPool;
  /** Statements per story; absent: 5, or 3 in the multiple-character variant. */
  valuesPerStory?: number;
  /** The scenes to rotate through; absent: all seven. */
  scenes?: Scene[];
  /** Prices per million tokens, kept with the construction in this browser only. */
  prices?: ConstructionPrices;
  seed: string;
  rounds: number;
  /** Words a story must have after its cast list (the mechanical rules refuse a shorter one). */
  minWords: number;
  writer: ModelIdentity;
  checker: ModelIdentity;
  sampling: Sampling;
  /** The prompts, when the user replaced the defaults with a templates file. */
  templates?: ConstructionTemplates;
  /** Calls in flight at once, across stories (each story's calls follow one another). */
  concurrency: number;
  limits: RunLimits;
}

/** Stories are long and check replies reason per value: value extraction's reply cap for both. */
const maxReplyBytesOf = (limits: RunLimits | undefined): number =>
  limits?.maxReplyBytes ?? replyCapFor('extraction');

/** Checks a request, records the construction (before any call) and returns its id. */
export async function recordNewConstruction(request: BuildRequest): Promise<string> {
  if (request.writer.provider === 'baseline' || request.checker.provider === 'baseline')
    throw new UserError('a baseline cannot write or check stories: choose a model');
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > 1000)
    throw new UserError('the number of stories must be a whole number from 1 to 1000');
  if (!Number.isInteger(request.rounds) || request.rounds < 0 || request.rounds > 10)
    throw new UserError('rounds must be a whole number from 0 to 10');
  if (request.seed.trim() === '') throw new UserError('the seed must not be empty');
  if (request.characters !== undefined) {
    if (request.category !== 'multiple')
      throw new UserError(
        'characters are for the multiple category only (the characters who hold the values)'
      );
    if (
      !Number.isInteger(request.characters) ||
      request.characters < 2 ||
      request.characters > MAX_CHARACTERS
    )
      throw new UserError(`characters must be a whole number from 2 to ${MAX_CHARACTERS}`);
  }
  if (
    request.valuesPerStory !== undefined &&
    (!Number.isInteger(request.valuesPerStory) || request.valuesPerStory < 1 || request.valuesPerStory > 15)
  )
    throw new UserError('values per story must be a whole number from 1 to 15');
  if (!Number.isInteger(request.minWords) || request.minWords < 1)
    throw new UserError('the minimum words must be a positive whole number');
  const templates = request.templates ?? DEFAULT_CONSTRUCTION_TEMPLATES;
  const config: ConstructionConfig = {
    kind: 'construction',
    category: request.category,
    count: request.count,
    ...(request.characters === undefined ? {} : { characters: request.characters }),
    ...(request.pool === undefined ? {} : { pool: request.pool }),
    ...(request.valuesPerStory === undefined ? {} : { valuesPerStory: request.valuesPerStory }),
    ...(request.scenes === undefined ? {} : { scenes: request.scenes }),
    seed: request.seed.trim(),
    rounds: request.rounds,
    ruleFixes: DEFAULT_BUILD_OPTIONS.ruleFixes,
    minWords: request.minWords,
    templateHash: await constructionTemplateHash(templates),
    ...((await isDefaultTemplates(templates)) ? {} : { templates }),
    writer: request.writer,
    checker: request.checker,
    sampling: request.sampling,
    environment: { appVersion: version, userAgent: navigator.userAgent },
    createdAt: new Date().toISOString()
  };
  const checked = constructionConfigSchema.safeParse(config);
  if (!checked.success)
    throw new UserError(`the settings do not fit together: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  // Drawn before anything is stored: a pool too small for the count is refused here.
  await plansOf(config);
  const id = crypto.randomUUID();
  await createConstruction(
    database,
    id,
    config,
    {
      concurrency: request.concurrency,
      ...(Object.keys(request.limits).length > 0 ? { limits: request.limits } : {})
    },
    request.prices
  );
  return id;
}

/** The pool a construction draws from: its imported one, else its category's shipped pool. */
async function poolOf(config: ConstructionConfig): Promise<readonly PoolEntry[]> {
  return poolFor(
    config.pool,
    config.pool === undefined ? (await loadShippedBenchmark()).pools[config.category] : []
  );
}

/** The stories a construction builds, drawn again from its seed. */
async function plansOf(config: ConstructionConfig): Promise<BuildPlan[]> {
  const pool = await poolOf(config);
  try {
    return constructionPlans(config, pool);
  } catch (e) {
    throw new UserError(`the stories cannot be drawn: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Refused when this version cannot rebuild the prompts the construction began with. */
async function templateRefusal(config: ConstructionConfig): Promise<string | undefined> {
  const problem = await templateProblem(config);
  return problem === undefined
    ? undefined
    : `this construction cannot go on: ${problem}. Start a new construction`;
}

export function constructionRecord(id: string): Promise<StoredConstruction | undefined> {
  return getConstruction(database, id);
}

/** A construction ready to run: its plans, its two models, its store, and how it stands. */
export interface PreparedConstruction {
  id: string;
  plans: BuildPlan[];
  options: BuildOptions;
  models: {
    writer: { model: ChatModel; options: RunOptions };
    checker: { model: ChatModel; options: RunOptions };
  };
  store: ResultStore;
  stored: ItemResult[];
  tracker: BuildTracker;
  /** The prices its cost is counted at, if entered. */
  prices: ConstructionPrices | undefined;
  begin(): Promise<void>;
  end(end: PhaseEnd, storiesDone: number): Promise<void>;
}

export async function prepareConstruction(id: string, loaded: LoadedModels): Promise<PreparedConstruction> {
  const record = await getConstruction(database, id);
  if (record === undefined) throw new UserError(`construction ${id} is not in this browser`);
  const { config } = record;
  const refused = await templateRefusal(config);
  if (refused !== undefined) {
    await setConstructionStatus(database, id, 'stopped', refused);
    throw new UserError(refused);
  }
  const plans = await plansOf(config);
  const options = buildOptionsOf(config);
  const { results, damaged } = await responsesOf(database, id);
  if (damaged > 0)
    throw new UserError(`construction ${id} has ${String(damaged)} damaged stored replies; it cannot go on`);
  const maxReplyBytes = maxReplyBytesOf(record.run.limits);
  const runOptions: RunOptions = {
    sampling: config.sampling,
    concurrency: record.run.concurrency,
    ...timing(record.run),
    maxReplyBytes
  };
  const modelOf = (identity: ModelIdentity): ChatModel =>
    loaded(identity) ?? constructionModelFor(identity, record.run.concurrency, maxReplyBytes);
  return {
    id,
    plans,
    options,
    models: {
      writer: { model: modelOf(config.writer), options: runOptions },
      checker: { model: modelOf(config.checker), options: runOptions }
    },
    store: new IndexedDbResultStore(database),
    stored: results,
    tracker: new BuildTracker(plans, options, results),
    prices: record.prices,
    begin: () => setConstructionStatus(database, id, 'running'),
    end: (end, storiesDone) =>
      recorded(end, setConstructionStatus(database, id, end.status, end.message, storiesDone))
  };
}

/** What a construction's page shows: its record, each story where it stands, and what its calls cost. */
export interface ConstructionPage {
  construction: StoredConstruction;
  plans: BuildPlan[];
  stories: BuildState[];
  /** Each story's calls in order, with prompt hashes, replies, versions and verdicts. */
  lineages: LineageEntry[][];
  progress: BuildProgress;
}

export async function constructionPage(id: string): Promise<ConstructionPage> {
  const construction = await getConstruction(database, id);
  if (construction === undefined) throw new UserError(`construction ${id} is not in this browser`);
  const plans = await plansOf(construction.config);
  const options = buildOptionsOf(construction.config);
  const { results } = await responsesOf(database, id);
  const replies = new Map(results.map((r) => [r.itemKey, r.output]));
  const stories = plans.map((plan) => buildStory(plan, replies, options));
  return {
    construction,
    plans,
    stories,
    lineages: await Promise.all(stories.map((s) => lineageOf(s, replies))),
    progress: new BuildTracker(plans, options, results).snapshot()
  };
}

/** A stored construction with its replies, as its file holds them; damaged replies refuse it. */
export async function constructionContent(id: string): Promise<ConstructionContent> {
  const construction = await getConstruction(database, id);
  if (construction === undefined) throw new UserError(`construction ${id} is not in this browser`);
  const { results, damaged } = await responsesOf(database, id);
  if (damaged > 0)
    throw new UserError(
      `construction ${id} has ${String(damaged)} damaged stored replies; it cannot be used whole`
    );
  return { id, config: construction.config, results };
}

/** A stored construction as the JSON Lines file `cqbench generate --out` writes (nothing secret is in it). */
export async function constructionDownload(id: string): Promise<{ name: string; text: string }> {
  return { name: `construction-${id}.jsonl`, text: constructionFileText(await constructionContent(id)) };
}

/** Sets the prices a construction's cost is counted at (kept in this browser, never in its file). */
export async function priceConstruction(id: string, prices: ConstructionPrices): Promise<void> {
  const parsed = constructionPricesSchema.safeParse(prices);
  if (!parsed.success) throw new UserError('prices must be numbers of 0 or more, per million tokens');
  await setConstructionPrices(database, id, parsed.data);
}

/** Deletes a construction and its stored replies; refused while a tab makes its calls. */
export function removeConstruction(id: string): Promise<void> {
  return deleteWhileIdle(id, () => deleteConstruction(database, id));
}

/** The constructions in this browser, newest first. */
export async function constructionList(): Promise<StoredConstruction[]> {
  return (await listConstructions(database)).constructions;
}

/**
 * Saves a finished construction's stories as a dataset of this browser: the release's three
 * files built from the stories' last versions, with the construction's configuration, every
 * story's outcome and the dataset card kept as its origin. A story that failed its checks is
 * in the dataset, named with its failing checks; one that stopped without a text is named too.
 */
export async function saveConstructionAsDataset(id: string, name: string): Promise<number> {
  const page = await constructionPage(id);
  const { construction, plans, stories } = page;
  const unfinished = stories.filter((s) => s.outcome === undefined).length;
  if (unfinished > 0)
    throw new UserError(
      `${unfinished} of ${plans.length} stories are unfinished: resume the construction first`
    );
  const built = builtStories(plans, stories);
  if (built.length === 0) throw new UserError('no story has a text (every one stopped): nothing to save');
  const { category } = construction.config;
  // The setting-2 options come from the pool the values were drawn from.
  const release = buildReleaseFiles(built, await poolOf(construction.config));
  const files = releaseFileTexts(category, release);
  const sha256 = await datasetHash({ [category]: release });
  const origin = builtOrigin(id, construction.config, plans, stories, name.trim(), sha256);
  const dataset = await importReleaseFiles(database, name, files, { origin });
  await setConstructionDataset(database, id, dataset.id);
  return dataset.id;
}
