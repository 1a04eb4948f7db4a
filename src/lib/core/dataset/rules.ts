import type { PoolEntry } from '../schema/value';
import type { Story } from '../schema/story';
import { drawStory } from './draw';

/** The smallest run of a statement's words that may not appear in its story. */
export const IMPLICIT_NGRAM = 5;
export const MIN_BODY_WORDS = 400;
export const MIN_STORIES: Record<Story['category'], number> = {
  ethical: 8,
  political: 8,
  religious: 8,
  social: 8,
  random: 8,
  multiple: 6
};

/** Lower-cased words (letters, digits, apostrophes), the unit of word counts and n-grams. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? []
  );
}

/** The story proper: what follows the `---` line after the header (title, setting, cast). */
export function storyBody(text: string): string {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => l.trim() === '---');
  return rule < 0 ? text : lines.slice(rule + 1).join('\n');
}

export function bodyWordCount(text: string): number {
  return words(storyBody(text)).length;
}

/** Runs of IMPLICIT_NGRAM or more consecutive words of `statement` found in `text`. */
export function sharedRuns(statement: string, text: string, n = IMPLICIT_NGRAM): string[] {
  const s = words(statement);
  const t = words(text);
  const grams = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) grams.add(t.slice(i, i + n).join(' '));
  const found: string[] = [];
  for (let i = 0; i + n <= s.length; i++) {
    const gram = s.slice(i, i + n).join(' ');
    if (grams.has(gram)) found.push(gram);
  }
  return found;
}

/**
 * Everything wrong with one story against the benchmark's rules; empty when it is fine.
 * `pool` is its category's value pool, used to re-run the seeded draw the story must follow.
 */
export function storyProblems(story: Story, index: number, pool: readonly PoolEntry[]): string[] {
  const problems: string[] = [];
  const expectedId = `${story.category}-${String(index).padStart(2, '0')}`;
  if (story.id !== expectedId) problems.push(`id is ${story.id}, expected ${expectedId}`);
  const draw = drawStory(story.category, index, pool);
  if (story.scene !== draw.scene) problems.push(`scene is ${story.scene}, the draw says ${draw.scene}`);
  if (draw.characterSlots !== undefined && story.characters.length !== draw.characterSlots) {
    problems.push(`has ${story.characters.length} characters, the draw says ${draw.characterSlots}`);
  }
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
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`values differ from the seeded draw: expected ${JSON.stringify(expected)}`);
  }
  problems.push(...textProblems(story, MIN_BODY_WORDS));
  return problems;
}

/**
 * The rules on a story's text that every split shares: its length after the cast list, no
 * run of IMPLICIT_NGRAM words of a value's statement, every character speaking, the title line.
 */
export function textProblems(
  story: Pick<Story, 'text' | 'title' | 'values' | 'characters'>,
  minWords: number,
  maxWords = Infinity
): string[] {
  const problems: string[] = [];
  const count = bodyWordCount(story.text);
  if (count < minWords) problems.push(`body has ${count} words, at least ${minWords} needed`);
  if (count > maxWords) problems.push(`body has ${count} words, at most ${maxWords} allowed`);
  for (const statement of new Set(story.values.map((v) => v.statement))) {
    const runs = sharedRuns(statement, story.text);
    if (runs.length > 0) problems.push(`states its value outright: "${runs.join('", "')}"`);
  }
  for (const c of story.characters) {
    if (!story.text.includes(`**${c.name}`))
      problems.push(`character ${c.name} never speaks as **${c.name}**`);
  }
  if (!story.text.startsWith(`**Title: ${story.title}**`)) {
    problems.push('text must start with the line **Title: <title>**');
  }
  return problems;
}
