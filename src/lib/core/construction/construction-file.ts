import { z } from 'zod';
import { drawStory, MULTIPLE_STATEMENTS, VALUES_PER_STORY } from '../dataset/draw';
import { readResultLines, resultLine } from '../formats/result-lines';
import { modelIdentitySchema, samplingSchema, type ItemResult, type Sampling } from '../schema/run';
import { CHECK_KINDS } from '../checks/check-templates';
import { WRITING_STEPS } from './build-templates';
import {
  constructionTemplateHash,
  DEFAULT_CONSTRUCTION_TEMPLATES,
  templateMismatch,
  type ConstructionTemplates
} from './construction-templates';
import { shippedCategorySchema, type PoolEntry, type ShippedCategory } from '../schema/value';
import type { BuildOptions, BuildPlan } from './build-story';
import { castNames } from './cast-names';
import { SELECTION_OPTIONS } from '../dataset/build';
import { sceneSchema } from '../schema/story';
import { attitudesOf } from '../formats/values';
import { UserError } from '../user-message';
import { importedPoolSchema, poolFor, poolLabel } from './imported-pool';

/** The most value holders a multiple-character story can have: all their values fit in 15 options. */
export const MAX_CHARACTERS = Math.floor(SELECTION_OPTIONS / MULTIPLE_STATEMENTS);

/** A replaced template set, as a construction records it. */
const constructionTemplatesSchema = z.strictObject({
  writing: z.strictObject(Object.fromEntries(WRITING_STEPS.map((s) => [s, z.string()]))),
  castRule: z.string(),
  checks: z.strictObject(
    Object.fromEntries(
      CHECK_KINDS.map((k) => [
        k,
        z.strictObject({
          body: z.string(),
          yesMeans: z.string(),
          evidenceHeading: z.enum(['[Contradictions]', '[Obvious speech]']).optional()
        })
      ])
    )
  )
});
/** The most characters the draw gives a `multiple` story when none are asked for (3 or 4). */
const DRAWN_CHARACTERS_AT_MOST = 4;

/**
 * A construction's file (`cqbench generate --out GEN.jsonl`): a `construction` header with its
 * configuration, then one `result` line per call, appended as each reply arrives. The header
 * holds everything the stories are rebuilt from: the draw (category, count, seed), the recipe's
 * rounds, the templates' hash and both models; the replies do the rest.
 */
export const constructionConfigSchema = z
  .strictObject({
    kind: z.literal('construction'),
    /**
     * The shipped category: its draw rule (one holder, or `multiple`'s characters who do not all
     * agree), its release file names, and its value pool unless `pool` is given.
     */
    category: shippedCategorySchema,
    count: z.number().int().min(1).max(1000),
    /** `multiple` only: how many characters hold attitudes (the draw's 3 or 4 when absent). */
    characters: z.number().int().min(2).max(MAX_CHARACTERS).optional(),
    /** A pool the user imported, held whole; absent: the category's shipped pool. */
    pool: importedPoolSchema.optional(),
    /** Statements per story (each held by every character in `multiple`); absent: 5, or 3 in `multiple`. */
    valuesPerStory: z.number().int().min(1).max(SELECTION_OPTIONS).optional(),
    /** The scenes the draw rotates through; absent: all seven. */
    scenes: z
      .array(sceneSchema)
      .min(1)
      .refine((s) => new Set(s).size === s.length, { error: 'a scene is named twice' })
      .optional(),
    seed: z.string().min(1),
    rounds: z.number().int().min(0).max(10),
    ruleFixes: z.number().int().min(0).max(5),
    minWords: z.number().int().min(1),
    /** SHA-256 of the writing and check templates, the cast rule and the system prompt. */
    templateHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** The templates, when the user replaced the defaults (absent: the defaults of `templateHash`). */
    templates: constructionTemplatesSchema.optional(),
    writer: modelIdentitySchema,
    checker: modelIdentitySchema,
    sampling: samplingSchema,
    environment: z.strictObject({ appVersion: z.string(), userAgent: z.string().optional() }),
    createdAt: z.iso.datetime()
  })
  .refine((c) => c.characters === undefined || c.category === 'multiple', {
    error: 'characters is for the multiple category only',
    path: ['characters']
  })
  .refine((c) => valuesOfStory(c) <= SELECTION_OPTIONS, {
    error: `a story's values (statements times characters) must fit in the ${SELECTION_OPTIONS} value-selection options`,
    path: ['valuesPerStory']
  });
export type ConstructionConfig = z.infer<typeof constructionConfigSchema>;

interface DrawSettings {
  category: ShippedCategory;
  valuesPerStory?: number;
  characters?: number;
}

/** The statements a story of the construction draws. */
export function statementsPerStory(config: DrawSettings): number {
  return config.valuesPerStory ?? (config.category === 'multiple' ? MULTIPLE_STATEMENTS : VALUES_PER_STORY);
}

/** The most values a story can have: its statements, times its characters in `multiple`. */
function valuesOfStory(config: DrawSettings): number {
  const holders = config.category === 'multiple' ? (config.characters ?? DRAWN_CHARACTERS_AT_MOST) : 1;
  return statementsPerStory(config) * holders;
}

/** Stories are long: room for 1,800 words and the writer's layout. */
export const CONSTRUCTION_SAMPLING: Sampling = { temperature: 0.7, topP: 1, maxTokens: 4096 };

/** The `templateHash` of a construction made with the default writing and check templates. */
export function defaultConstructionTemplateHash(): Promise<string> {
  return constructionTemplateHash(DEFAULT_CONSTRUCTION_TEMPLATES);
}

/** The prompts a construction sends: its own set, or the defaults. */
export function templatesOf(config: ConstructionConfig): ConstructionTemplates {
  return (config.templates as ConstructionTemplates | undefined) ?? DEFAULT_CONSTRUCTION_TEMPLATES;
}

/** Why this version cannot rebuild a construction's prompts (to resume or finish it), or undefined. */
export function templateProblem(config: ConstructionConfig): Promise<string | undefined> {
  return templateMismatch(config.templates as ConstructionTemplates | undefined, config.templateHash);
}

/** How a construction's stories are built: its recipe and its prompts (the app, `generate` and `--finish` alike). */
export function buildOptionsOf(config: ConstructionConfig): BuildOptions {
  const t = templatesOf(config);
  return {
    rounds: config.rounds,
    ruleFixes: config.ruleFixes,
    writing: t.writing,
    checks: t.checks,
    castRule: t.castRule
  };
}

export const constructionHeaderSchema = z.strictObject({
  type: z.literal('construction'),
  id: z.string().min(1),
  config: constructionConfigSchema
});

export interface ConstructionContent {
  id: string;
  config: ConstructionConfig;
  results: ItemResult[];
}

export function constructionHeaderLine(id: string, config: ConstructionConfig): string {
  return `${JSON.stringify(constructionHeaderSchema.parse({ type: 'construction', id, config }))}\n`;
}

export function readConstructionText(file: string, text: string): ConstructionContent {
  const { header, results } = readResultLines(file, text, constructionHeaderSchema, 'construction');
  return { id: header.id, config: header.config, results };
}

/**
 * The stories a construction builds: `count` draws by the seed (values, attitudes and scene as
 * the splits draw them) from its imported pool, else from `shipped` (its category's pool),
 * skipping a draw whose values and scene repeat an earlier one, so no (values, scene) pair is
 * built twice. A pool too small for the draw is refused, saying what it has and needs.
 */
export function constructionPlans(config: ConstructionConfig, shipped: readonly PoolEntry[]): BuildPlan[] {
  const pool = poolFor(config.pool, shipped);
  refuseSmallPool(config, pool);
  const shape = {
    ...(config.valuesPerStory === undefined ? {} : { statements: config.valuesPerStory }),
    ...(config.scenes === undefined ? {} : { scenes: config.scenes })
  };
  const plans: BuildPlan[] = [];
  const seen = new Set<string>();
  for (let index = 0; plans.length < config.count; index++) {
    if (index >= config.count * 10)
      throw new UserError(
        `the value pool ${poolLabel(config.category, config.pool)} gives only ${plans.length} different draws of values and scene, not the ${config.count} stories asked: ask for fewer stories, or give a larger pool or more scenes`
      );
    const draw = drawStory(config.category, index, pool, config.seed, config.characters, shape);
    // In `multiple`, each value's holder: the drawn slot, named by the seed.
    const names = draw.characterSlots === undefined ? [] : castNames(config.seed, index, draw.characterSlots);
    const values = draw.values.map((v) => ({
      statement: v.statement,
      attitude: v.attitude,
      ...(v.slot === undefined ? {} : { character: names[v.slot]! }),
      ...(v.qId === undefined ? {} : { qId: v.qId })
    }));
    // Holders compared by slot: names differ from story to story, the draw may not.
    const signature = JSON.stringify([
      draw.scene,
      draw.values.map((v) => `${v.statement}--${v.attitude}@${v.slot ?? ''}`).sort()
    ]);
    if (seen.has(signature)) continue;
    seen.add(signature);
    plans.push({
      key: `${config.category}/${plans.length}`,
      category: config.category,
      scene: draw.scene,
      values,
      minWords: config.minWords
    });
  }
  return plans;
}

/**
 * A pool that cannot give a story its statements, or the value-selection task its 15 options,
 * or (in `multiple`) characters who disagree on a statement with only one attitude.
 */
function refuseSmallPool(config: ConstructionConfig, pool: readonly PoolEntry[]): void {
  const name = `the value pool ${poolLabel(config.category, config.pool)}`;
  const statements = new Set(pool.map((e) => e.q_content)).size;
  const needed = statementsPerStory(config);
  if (statements < needed)
    throw new UserError(
      `${name} has ${statements} statement${statements === 1 ? '' : 's'}; a story needs ${needed}: give a larger pool or fewer values per story`
    );
  if (config.category === 'multiple') {
    const single = pool.find((e) => new Set(attitudesOf(e)).size < 2);
    if (single !== undefined)
      throw new UserError(
        `${name} has a statement with fewer than 2 attitudes ("${single.q_content}"): characters cannot disagree on it`
      );
  }
  const pairs = new Set(pool.flatMap((e) => attitudesOf(e).map((a) => `${e.q_content}--${a}`))).size;
  // In `multiple` each of the story's characters holds every pair, at least 2 of them.
  const holders = config.category === 'multiple' ? (config.characters ?? 3) : 1;
  if (pairs * holders < SELECTION_OPTIONS)
    throw new UserError(
      `${name} has ${pairs} statement--attitude pairs${holders > 1 ? ` (${pairs * holders} for ${holders} characters)` : ''}; the value-selection task needs ${SELECTION_OPTIONS} options to choose from`
    );
}

/** A whole construction as the file `cqbench generate --out` writes, so one built in the app travels too. */
export function constructionFileText(content: ConstructionContent): string {
  return constructionHeaderLine(content.id, content.config) + content.results.map(resultLine).join('');
}
