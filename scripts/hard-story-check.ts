/**
 * Checks hard-split story files against the split's rules, story by story:
 * `tsx scripts/hard-story-check.ts datasets/stories/hard/ethical.json [...]`. Prints each story's
 * length, cast and problems (draw, length, statements stated outright, silent characters,
 * layout, selection options); exits 1 when any story has a problem.
 */
import { readFileSync } from 'node:fs';
import { readPool } from '../src/lib/core/formats/pool';
import { describeIssue } from '../src/lib/core/format-error';
import { POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { hardSelectionOptions, hardStoryProblems } from '../src/lib/core/dataset/hard-split';
import { bodyWordCount } from '../src/lib/core/dataset/rules';
import { hardCategoryFileSchema } from '../src/lib/core/schema/story';

let failed = false;
for (const file of process.argv.slice(2)) {
  const parsed = hardCategoryFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const { where, detail } = describeIssue(parsed.error, 'field');
    console.log(`${file}: not a hard-split file (${where}: ${detail})`);
    failed = true;
    continue;
  }
  const { category, stories } = parsed.data;
  const poolFile = `datasets/values/${POOL_OF_CATEGORY[category]}`;
  const pool = readPool(poolFile, readFileSync(poolFile, 'utf8'));
  stories.forEach((story, i) => {
    const problems = hardStoryProblems(story, i + 1, pool);
    if (story.category !== category)
      problems.push(`category is ${story.category}, the file's is ${category}`);
    try {
      hardSelectionOptions(story.id, story.values, story.redHerrings, pool);
    } catch (e) {
      problems.push(`selection options: ${e instanceof Error ? e.message : String(e)}`);
    }
    const words = bodyWordCount(story.text);
    console.log(
      `${story.id}: ${words} words, ${story.characters.length} characters` +
        (problems.length === 0 ? ', ok' : problems.map((p) => `\n  - ${p}`).join(''))
    );
    if (problems.length > 0) failed = true;
  });
}
process.exitCode = failed ? 1 : 0;
