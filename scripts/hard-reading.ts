/**
 * Blind reading of the hard split. `tsx scripts/hard-reading.ts sheet CATEGORY [attitudes|selection]
 * > SHEET.md` writes what a reader may see: each story and its task sheet (attitude questions with
 * their options, or the 15 value-selection options and how many to pick), never the values, red
 * herrings or notes. One task per sheet, as a model meets them: the selection options would
 * otherwise narrow each attitude question to the two attitudes offered there.
 * `tsx scripts/hard-reading.ts score CATEGORY ANSWERS.json [--json]` scores a reader's answers
 * ({"hard-social-01": {"attitudes": [...], "selection": [...]}}) with the project's scorers:
 * strict attitude accuracy, value-selection F1, and each story's solve rate.
 * `tsx scripts/hard-reading.ts misses CATEGORY ANSWERS.json > REVIEW.md` writes, for a checker who
 * sees the gold, every attitude the reader missed: the story, the question, the gold, the reader's
 * answer and note, so that each miss is either explained (the text supports the gold better) or
 * the story is fixed.
 */
import { readFileSync } from 'node:fs';
import { parseOptionList, formatValue } from '../src/lib/core/formats/values';
import { readPool } from '../src/lib/core/formats/pool';
import { POOL_OF_CATEGORY } from '../src/lib/core/dataset/draw';
import { hardSelectionOptions } from '../src/lib/core/dataset/hard-split';
import { summarizeAttitude } from '../src/lib/core/scoring/attitude-summary';
import { summarizeSelection } from '../src/lib/core/scoring/selection-summary';
import { hardCategoryFileSchema, type HardStory } from '../src/lib/core/schema/story';
import { shippedCategorySchema } from '../src/lib/core/schema/value';

const storiesAt = process.argv.indexOf('--stories');
// `--stories ID,ID`: only these stories (a re-reading of the rewritten ones); all when absent.
const onlyStories = storiesAt < 0 ? undefined : new Set((process.argv[storiesAt + 1] ?? '').split(','));
const [command, categoryArg, third] = process.argv.slice(2).filter((_, i, all) => {
  const at = all.indexOf('--stories');
  return at < 0 || (i !== at && i !== at + 1);
});
const answersFile = third;
const tasks = command === 'sheet' && third !== undefined ? [third] : ['attitudes', 'selection'];
if (!tasks.every((t) => t === 'attitudes' || t === 'selection'))
  throw new Error(`unknown task ${String(third)}`);
const category = shippedCategorySchema.parse(categoryArg);
const file = hardCategoryFileSchema.parse(
  JSON.parse(readFileSync(`datasets/stories/hard/${category}.json`, 'utf8'))
);
const poolFile = `datasets/values/${POOL_OF_CATEGORY[category]}`;
const pool = readPool(poolFile, readFileSync(poolFile, 'utf8'));
const optionLists = new Map(pool.map((e) => [e.q_content, parseOptionList(e.option)]));

interface Sheet {
  story: HardStory;
  questions: { statement: string; character?: string; options: string[]; gold: string }[];
  selection: { options: string[]; gold: string[] };
}

const chosen = file.stories.filter((s) => onlyStories === undefined || onlyStories.has(s.id));
if (onlyStories !== undefined && chosen.length !== onlyStories.size)
  throw new Error(`--stories: some ids are not in ${category}`);
const sheets: Sheet[] = chosen.map((story) => ({
  story,
  questions: story.values.map((v) => ({
    statement: v.statement,
    ...(v.character === undefined ? {} : { character: v.character }),
    options: optionLists
      .get(v.statement)!
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    gold: v.attitude
  })),
  selection: {
    options: hardSelectionOptions(story.id, story.values, story.redHerrings, pool),
    gold: story.values.map((v) => formatValue(v))
  }
}));

if (command === 'sheet') {
  for (const { story, questions, selection } of sheets) {
    console.log(`# ${story.id}\n\n${story.text}\n`);
    if (tasks.includes('attitudes')) {
      console.log('## Task 1: attitudes\n');
      console.log('For each statement, the attitude the characters hold (one option, copied exactly):\n');
    }
    if (tasks.includes('attitudes'))
      questions.forEach((q, i) => {
        const who = q.character === undefined ? '' : ` (as ${q.character} holds it)`;
        console.log(
          `${i + 1}. ${q.statement}${who}\n   Options: ${q.options.map((o) => `"${o}"`).join(', ')}`
        );
      });
    if (tasks.includes('selection')) {
      console.log(`\n## Task 2: choose the ${selection.gold.length} values the story's characters hold\n`);
    }
    if (tasks.includes('selection'))
      selection.options.forEach((o, i) => {
        console.log(`${i + 1}. ${o}`);
      });
    console.log('\n');
  }
} else if (command === 'score') {
  if (answersFile === undefined) throw new Error('score needs the answers file');
  const answers = JSON.parse(readFileSync(answersFile, 'utf8')) as Record<
    string,
    { attitudes?: string[]; selection?: string[] }
  >;
  // A one-task answers file is scored on its task only.
  const given = Object.values(answers);
  const hasAttitudes = given.some((a) => a.attitudes !== undefined);
  const hasSelection = given.some((a) => a.selection !== undefined);
  const rows = sheets.map(({ story, questions, selection }) => {
    const answer = answers[story.id] ?? {};
    const attitude = summarizeAttitude(
      questions.map((_, i) => answer.attitudes?.[i] ?? null),
      questions.map((q) => ({ options: q.options, gold: q.gold })),
      { reasoning: false, strict: true }
    );
    const chosen = summarizeSelection(
      [(answer.selection ?? []).join('\n')],
      [{ options: selection.options, gold: selection.gold }],
      { reasoning: false }
    );
    return { id: story.id, correct: attitude.correct, questions: questions.length, f1: chosen.f1 };
  });
  const correct = rows.reduce((a, r) => a + r.correct, 0);
  const total = rows.reduce((a, r) => a + r.questions, 0);
  const f1 = rows.reduce((a, r) => a + r.f1, 0) / rows.length;
  const figures = {
    ...(hasAttitudes ? { correct, total } : {}),
    ...(hasSelection ? { f1 } : {})
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify({ category, ...figures, rows }));
  else {
    for (const r of rows)
      console.log(
        [
          `${r.id}:`,
          hasAttitudes ? `attitudes ${r.correct}/${r.questions}` : '',
          hasSelection ? `selection F1 ${r.f1.toFixed(2)}` : ''
        ]
          .filter((x) => x !== '')
          .join(' ')
      );
    console.log(
      [
        `${category}:`,
        hasAttitudes ? `strict attitude accuracy ${correct}/${total} (${(correct / total).toFixed(3)})` : '',
        hasSelection ? `mean selection F1 ${f1.toFixed(3)}` : ''
      ]
        .filter((x) => x !== '')
        .join(' ')
    );
  }
} else if (command === 'misses') {
  if (answersFile === undefined) throw new Error('misses needs the answers file');
  const answers = JSON.parse(readFileSync(answersFile, 'utf8')) as Record<
    string,
    { attitudes?: string[]; selection?: string[]; notes?: string[] | string }
  >;
  for (const { story, questions, selection } of sheets) {
    const answer = answers[story.id];
    const notes = Array.isArray(answer?.notes) ? answer.notes : [];
    const missed =
      answer?.attitudes === undefined
        ? []
        : questions
            .map((q, i) => ({ q, i, given: answer.attitudes?.[i], note: notes[i] }))
            .filter(({ q, given }) => given !== q.gold);
    // Selection: each gold option left out, and each option picked that is not gold.
    const picked = answer?.selection;
    const left = picked === undefined ? [] : selection.gold.filter((g) => !picked.includes(g));
    const wrong = picked === undefined ? [] : picked.filter((p) => !selection.gold.includes(p));
    if (missed.length === 0 && left.length === 0 && wrong.length === 0) continue;
    console.log(`# ${story.id}\n\n${story.text}\n\n## Missed by the blind reader\n`);
    for (const { q, i, given, note } of missed) {
      const who = q.character === undefined ? '' : ` (as ${q.character} holds it)`;
      console.log(
        `- Question ${i + 1}: ${q.statement}${who}\n  Options: ${q.options.map((o) => `"${o}"`).join(', ')}\n` +
          `  Gold: "${q.gold}"\n  Reader: "${given ?? '(no answer)'}"${note ? `\n  Reader's note: ${note}` : ''}`
      );
    }
    if (left.length > 0 || wrong.length > 0)
      console.log(
        `- Selection (all options: ${selection.options.map((o) => `"${o}"`).join(', ')})\n` +
          `  Gold options the reader left out: ${left.map((o) => `"${o}"`).join(', ')}\n` +
          `  Options the reader picked that are not gold: ${wrong.map((o) => `"${o}"`).join(', ')}` +
          (typeof answer?.notes === 'string' ? `\n  Reader's note: ${answer.notes}` : '')
      );
    console.log('\n');
  }
} else throw new Error('usage: hard-reading.ts sheet|score|misses CATEGORY [ANSWERS.json] [--stories ID,ID]');
