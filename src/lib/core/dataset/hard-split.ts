import { SeededRandom } from '../random';
import { attitudesOf, formatValue } from '../formats/values';
import type { PoolEntry, ShippedCategory } from '../schema/value';
import { drawStory, type StoryDraw } from './draw';
import { SELECTION_OPTIONS } from './build';
import { textProblems } from './rules';
import type { HardStory } from '../schema/story';

/**
 * The hard split: stories written so that careful readers miss some values for honest reasons
 * (stances shown through actions, graded attitudes settled by counts and dates, values spread
 * over the cast, topics discussed without a stance). Its draws use their own fixed seed, so
 * they never repeat the standard split's.
 */
export const HARD_DRAW_SEED = 'cqbench-hard-v1';
/** The hard split's dataset id, wherever datasets are named (runs, projects, the leaderboard). */
export const HARD_DATASET_ID = 'hard';
export const HARD_STORIES_PER_CATEGORY = 15;
/** Statements of the category's pool each story discusses with no character taking a stance. */
export const RED_HERRINGS_PER_STORY = 2;
export const HARD_CHARACTERS = { min: 3, max: 6 } as const;
export const HARD_BODY_WORDS = { min: 1000, max: 1800 } as const;

export interface HardStoryDraw extends StoryDraw {
  /** Statements discussed, joked about or reported as others' views, never held by anyone. */
  redHerrings: string[];
  /** How many characters the scene has (the value holders of `multiple` among them). */
  characterCount: number;
}

/**
 * A hard story's plan: the values (as the standard split draws them, under the hard seed), the
 * red-herring statements (from the same pool, none of the story's own), and the cast size.
 */
export function drawHardStory(
  category: ShippedCategory,
  index: number,
  pool: readonly PoolEntry[]
): HardStoryDraw {
  const draw = drawStory(category, index, pool, HARD_DRAW_SEED);
  const rng = new SeededRandom(`${HARD_DRAW_SEED}/${category}/${index}/plan`);
  const own = new Set(draw.values.map((v) => v.statement));
  const others = pool.filter((e) => !own.has(e.q_content));
  const redHerrings = rng.sample(others, RED_HERRINGS_PER_STORY).map((e) => e.q_content);
  const least = Math.max(HARD_CHARACTERS.min, draw.characterSlots ?? 0);
  const characterCount = least + rng.int(HARD_CHARACTERS.max - least + 1);
  return { ...draw, redHerrings, characterCount };
}

/** A gold value of a hard story as the selection options write it. */
export interface GoldValue {
  statement: string;
  attitude: string;
  /** The holder, in the multiple-character category. */
  character?: string;
}

/**
 * The 15 value-selection options of a hard story: the gold values; an adjacent attitude of as
 * many gold values as room allows (the neighbour in the statement's option list, so "Agree" sits
 * beside "Strongly agree"); each red-herring statement with two attitudes (a reader who takes
 * discussion for a stance picks one); then, while room is left, one more attitude of a statement
 * already offered; the rest drawn from every pair of the pool, as the standard split's options
 * are. Red herrings come in pairs as the gold statements do, so how often a statement is offered
 * does not tell the gold ones apart: which of the paired statements the characters hold is the
 * question. Seeded by the story id; shuffled; 15 distinct options.
 */
export function hardSelectionOptions(
  storyId: string,
  gold: readonly GoldValue[],
  redHerrings: readonly string[],
  pool: readonly PoolEntry[]
): string[] {
  const rng = new SeededRandom(`${HARD_DRAW_SEED}/${storyId}/selection`);
  const attitudes = new Map(pool.map((e) => [e.q_content, attitudesOf(e)]));
  const attitudesOfStatement = (statement: string): string[] => {
    const list = attitudes.get(statement);
    if (list === undefined) throw new Error(`${storyId}: statement not in the pool: ${statement}`);
    return list;
  };
  const goldOptions = gold.map((v) => formatValue(v));
  const chosen = new Set(goldOptions);
  if (chosen.size !== goldOptions.length) throw new Error(`${storyId}: a gold value is listed twice`);
  if (goldOptions.length + redHerrings.length > SELECTION_OPTIONS)
    throw new Error(
      `${storyId}: ${goldOptions.length} values and ${redHerrings.length} red herrings do not fit in 15 options`
    );
  const goldStatements = new Set(gold.map((v) => v.statement));
  // In the multiple-character category every option names a holder, the story's own characters.
  const holders = [...new Set(gold.map((v) => v.character))];
  const unused = (value: GoldValue): string[] =>
    attitudesOfStatement(value.statement).filter((a) => !chosen.has(formatValue({ ...value, attitude: a })));
  const herrings = redHerrings.map((statement) => {
    if (goldStatements.has(statement))
      throw new Error(`${storyId}: red herring "${statement}" is one of the story's values`);
    const herring = {
      statement,
      attitude: rng.pick(attitudesOfStatement(statement)),
      character: rng.pick(holders)
    };
    chosen.add(formatValue(herring));
    return herring;
  });
  for (const value of rng.shuffle(gold)) {
    if (chosen.size === SELECTION_OPTIONS) break;
    const list = attitudesOfStatement(value.statement);
    const at = list.indexOf(value.attitude.trim());
    const neighbours = [list[at - 1], list[at + 1]].filter(
      (a): a is string => a !== undefined && !chosen.has(formatValue({ ...value, attitude: a }))
    );
    if (at >= 0 && neighbours.length > 0)
      chosen.add(formatValue({ ...value, attitude: rng.pick(neighbours) }));
  }
  for (const herring of herrings) {
    const left = unused(herring);
    if (chosen.size < SELECTION_OPTIONS && left.length > 0)
      chosen.add(formatValue({ ...herring, attitude: rng.pick(left) }));
  }
  // One more attitude of an offered statement, gold or red herring alike, while room is left.
  for (const value of rng.shuffle([...gold, ...herrings])) {
    const left = unused(value);
    if (chosen.size < SELECTION_OPTIONS && left.length > 0)
      chosen.add(formatValue({ ...value, attitude: rng.pick(left) }));
  }
  const rest: string[] = [];
  for (const character of holders)
    for (const entry of pool)
      for (const attitude of attitudesOfStatement(entry.q_content)) {
        const option = formatValue({ statement: entry.q_content, attitude, character });
        if (!chosen.has(option)) rest.push(option);
      }
  const distinct = [...new Set(rest)];
  const fill = rng.sample(distinct, SELECTION_OPTIONS - chosen.size);
  return rng.shuffle([...chosen, ...fill]);
}

/**
 * Everything wrong with one hard-split story against the split's rules; empty when it is fine.
 * The values, red herrings, scene and cast size follow the seeded draw (in `multiple`, value
 * slot k is held by the k-th character listed).
 */
export function hardStoryProblems(story: HardStory, index: number, pool: readonly PoolEntry[]): string[] {
  const problems: string[] = [];
  const expectedId = `hard-${story.category}-${String(index).padStart(2, '0')}`;
  if (story.id !== expectedId) problems.push(`id is ${story.id}, expected ${expectedId}`);
  const draw = drawHardStory(story.category, index, pool);
  if (story.scene !== draw.scene) problems.push(`scene is ${story.scene}, the draw says ${draw.scene}`);
  if (story.characters.length !== draw.characterCount)
    problems.push(`has ${story.characters.length} characters, the draw says ${draw.characterCount}`);
  const expected = draw.values.map((v) => ({
    statement: v.statement,
    attitude: v.attitude,
    character: v.slot === undefined ? undefined : story.characters[v.slot]?.name,
    qId: v.qId
  }));
  const actual = story.values.map((v) => ({
    statement: v.statement,
    attitude: v.attitude,
    character: v.character,
    qId: v.qId
  }));
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    problems.push(`values differ from the seeded draw: expected ${JSON.stringify(expected)}`);
  if (JSON.stringify(story.redHerrings) !== JSON.stringify(draw.redHerrings))
    problems.push(`red herrings differ from the seeded draw: expected ${JSON.stringify(draw.redHerrings)}`);
  problems.push(...textProblems(story, HARD_BODY_WORDS.min, HARD_BODY_WORDS.max));
  return problems;
}
