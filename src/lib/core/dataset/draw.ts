import { SeededRandom } from '../random';
import { attitudesOf } from '../formats/values';
import type { PoolEntry, ShippedCategory } from '../schema/value';
import { SCENES, type Scene } from '../schema/story';

/** The fixed seed of the shipped benchmark's draws; changing it changes every story's values. */
export const DRAW_SEED = 'cqbench-shipped-v1';

export const VALUES_PER_STORY = 5;
export const MULTIPLE_STATEMENTS = 3;

/** Which pool each shipped category draws from. */
export const POOL_OF_CATEGORY: Record<ShippedCategory, string> = {
  ethical: 'ethical_values.jsonl',
  political: 'political_values.jsonl',
  religious: 'religious_values.jsonl',
  social: 'social_values.jsonl',
  random: 'WVQ_simple.jsonl',
  multiple: 'WVQ_simple.jsonl'
};

export interface DrawnValue {
  statement: string;
  attitude: string;
  qId?: string;
  /** In `multiple`: the index of the character slot (0..characters-1) who holds it. */
  slot?: number;
}

/** What a construction may change of a draw; absent fields draw as the shipped splits do. */
export interface DrawShape {
  /** Statements per story: VALUES_PER_STORY, or MULTIPLE_STATEMENTS in `multiple`. */
  statements?: number;
  /** The scenes to rotate through (every scene when absent), kept in the seed's order. */
  scenes?: readonly Scene[];
}

export interface StoryDraw {
  category: ShippedCategory;
  index: number;
  scene: Scene;
  /** In `multiple`: how many characters hold attitudes (3 or 4 unless given). */
  characterSlots?: number;
  values: DrawnValue[];
}

/**
 * The values a story is written from, by the split's draw seed (the standard split's unless
 * given). Statements are drawn without replacement, and each attitude uniformly from the
 * statement's options, so minority attitudes appear as often as chance makes them (not as
 * often as survey respondents hold them).
 */
export function drawStory(
  category: ShippedCategory,
  index: number,
  pool: readonly PoolEntry[],
  seed: string = DRAW_SEED,
  /** In `multiple`: how many characters hold attitudes, instead of the drawn 3 or 4. */
  characters?: number,
  shape: DrawShape = {}
): StoryDraw {
  const rng = new SeededRandom(`${seed}/${category}/${index}`);
  const scene = sceneFor(category, index, seed, shape.scenes);
  if (category !== 'multiple') {
    const values = rng.sample(pool, shape.statements ?? VALUES_PER_STORY).map((entry) => ({
      statement: entry.q_content,
      attitude: rng.pick(attitudesOf(entry)),
      ...qIdOf(entry)
    }));
    return { category, index, scene, values };
  }
  // Drawn even when `characters` is given, so every later draw stays the same.
  const drawnSlots = 3 + rng.int(2);
  const slots = characters ?? drawnSlots;
  if (slots < 2) throw new RangeError(`characters who must not all agree need at least 2, not ${slots}`);
  const values: DrawnValue[] = [];
  for (const entry of rng.sample(pool, shape.statements ?? MULTIPLE_STATEMENTS)) {
    const options = attitudesOf(entry);
    // The characters must not all agree on a statement: redraw until two attitudes differ.
    let attitudes: string[];
    do {
      attitudes = Array.from({ length: slots }, () => rng.pick(options));
    } while (new Set(attitudes).size < 2);
    attitudes.forEach((attitude, slot) =>
      values.push({ statement: entry.q_content, attitude, slot, ...qIdOf(entry) })
    );
  }
  return { category, index, scene, characterSlots: slots, values };
}

/**
 * Scenes rotate through a seeded order per category, so every category visits every scene. A
 * chosen subset keeps that order (all seven chosen, in any order, rotate as the default does).
 */
function sceneFor(category: ShippedCategory, index: number, seed: string, chosen?: readonly Scene[]): Scene {
  const shuffled = new SeededRandom(`${seed}/${category}/scenes`).shuffle(SCENES);
  const order = chosen === undefined ? shuffled : shuffled.filter((s) => chosen.includes(s));
  if (order.length === 0) throw new RangeError('no scene to draw from: choose at least one');
  return order[index % order.length]!;
}

function qIdOf(entry: PoolEntry): { qId?: string } {
  return entry.q_id === undefined ? {} : { qId: String(entry.q_id) };
}
