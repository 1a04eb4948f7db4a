import { textProblems } from '../dataset/rules';
import { parseStoryText, titleOf } from '../dataset/story-text';
import type { Value } from '../schema/value';

/**
 * The mechanical rules on a generated story, the ones the shipped stories follow: the layout
 * (title, setting, cast list, `---`), a cast of at least three who all speak, the length, and no
 * run of five words of a statement. The cast and title are read from the text itself, since a
 * generated story has no separate record of them yet.
 */
export function builtStoryProblems(
  text: string,
  plan: { values: readonly Value[]; minWords: number; maxWords?: number }
): string[] {
  const blocks = parseStoryText(text);
  const problems: string[] = [];
  const title = titleOf(text);
  if (title === undefined) problems.push('the story must start with a **Title: ...** line');
  if (!blocks.some((b) => b.kind === 'setting')) problems.push('the story has no **Setting:** paragraph');
  if (!blocks.some((b) => b.kind === 'rule')) problems.push('the story has no --- line before the scene');
  const characters = castOf(text);
  if (characters.length < 3)
    problems.push(`the cast list names ${characters.length} characters, at least 3 needed`);
  for (const holder of new Set(plan.values.flatMap((v) => (v.character === undefined ? [] : [v.character]))))
    if (!characters.includes(holder)) problems.push(`${holder}, who holds a value, is not in the cast list`);
  problems.push(
    ...textProblems(
      {
        text,
        title: title ?? '',
        values: [...plan.values],
        characters: characters.map((name) => ({ name, description: '' }))
      },
      plan.minWords,
      plan.maxWords
    ).filter((p) => !p.startsWith('text must start with the line **Title'))
  );
  return problems;
}

/** The names in the story's `**Characters:**` list (`- **Name**, who they are`). */
export function castOf(text: string): string[] {
  const cast = parseStoryText(text).find((b) => b.kind === 'cast');
  if (cast?.kind !== 'cast') return [];
  return cast.members.flatMap((spans) => {
    const name = spans
      .find((s) => s.bold)
      ?.text.replace(/[:,]\s*$/, '')
      .trim();
    return name ? [name] : [];
  });
}
