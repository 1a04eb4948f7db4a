/** Prints the seeded value draws the shipped stories are written from (a writer's worksheet). */
import { readFileSync } from 'node:fs';
import { readPool } from '../src/lib/core/formats/pool';
import { drawStory, POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { shippedCategorySchema } from '../src/lib/core/schema/value';

const category = shippedCategorySchema.parse(process.argv[2]);
const count = Number(process.argv[3] ?? 8);
const file = `datasets/values/${POOL_OF_CATEGORY[category]}`;
const pool = readPool(file, readFileSync(file, 'utf8'));
for (let i = 1; i <= count; i++) console.log(JSON.stringify(drawStory(category, i, pool)));
