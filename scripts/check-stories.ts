/** Checks datasets/stories/<category>.json against the benchmark's rules and prints problems. */
import { readFileSync } from 'node:fs';
import { readPool } from '../src/lib/core/formats/pool';
import { POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { bodyWordCount, storyProblems } from '../src/lib/core/dataset/rules';
import { categoryFileSchema, type CategoryFile } from '../src/lib/core/schema/story';
import { shippedCategorySchema } from '../src/lib/core/schema/value';

const argument = shippedCategorySchema.safeParse(process.argv[2]);
if (!argument.success) {
  console.error(
    `usage: npx tsx scripts/check-stories.ts CATEGORY   (one of ${shippedCategorySchema.options.join(', ')})`
  );
  process.exit(2);
}
const category = argument.data;
const poolFile = `datasets/values/${POOL_OF_CATEGORY[category]}`;
const pool = readPool(poolFile, readFileSync(poolFile, 'utf8'));
const file = `datasets/stories/${category}.json`;
const parsed = categoryFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.success) {
  console.error(`${file}: ${JSON.stringify(parsed.error.issues.slice(0, 5), null, 1)}`);
  process.exit(1);
}
const data: CategoryFile = parsed.data;
let bad = 0;
data.stories.forEach((story, i) => {
  const problems = storyProblems(story, i + 1, pool);
  console.log(
    `${story.id}  ${bodyWordCount(story.text)} words  ${problems.length === 0 ? 'ok' : 'PROBLEMS'}`
  );
  for (const p of problems) console.log(`   - ${p}`);
  if (problems.length > 0) bad++;
});
console.log(`${data.stories.length} stories, ${bad} with problems`);
process.exit(bad > 0 ? 1 : 0);
