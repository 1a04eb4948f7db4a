/**
 * Prints the seeded draws stories are written from (a writer's worksheet):
 * `tsx scripts/story-plan.ts CATEGORY [COUNT] [--hard]`. With `--hard`, the hard split's draws:
 * values, red-herring statements discussed without a stance, and the cast size.
 */
import { readFileSync } from 'node:fs';
import { readPool } from '../src/lib/core/formats/pool';
import { drawStory, POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { drawHardStory } from '../src/lib/core/dataset/hard-split';
import { shippedCategorySchema } from '../src/lib/core/schema/value';

const hard = process.argv.includes('--hard');
const [categoryArg, countArg] = process.argv.slice(2).filter((a) => a !== '--hard');
const category = shippedCategorySchema.parse(categoryArg);
const count = Number(countArg ?? 8);
const file = `datasets/values/${POOL_OF_CATEGORY[category]}`;
const pool = readPool(file, readFileSync(file, 'utf8'));
for (let i = 1; i <= count; i++)
  console.log(JSON.stringify(hard ? drawHardStory(category, i, pool) : drawStory(category, i, pool)));
