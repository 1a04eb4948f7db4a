import { SeededRandom } from '../random';
import { formatValue } from '../formats/values';
import { optionListsByStatement } from '../formats/pool';
import type { PoolEntry } from '../schema/value';
import type { Story } from '../schema/story';
import type { OriginalItem, Setting1Story, Setting2Item } from '../schema/release';
import { DRAW_SEED } from './draw';

export const SELECTION_OPTIONS = 15;

/** The three release files of one category, built from the canonical stories. */
export interface ReleaseFiles {
  original: OriginalItem[];
  setting1: Setting1Story[];
  setting2: Setting2Item[];
}

/**
 * Builds the release's files for one category, deterministically. The shipped stories have
 * no validation drop and no contradictions, so `values` equals `original_values` and
 * `contradiction` is empty; the builders still honour both, as the release does.
 */
export function buildReleaseFiles(stories: readonly Story[], pool: readonly PoolEntry[]): ReleaseFiles {
  const optionLists = optionListsByStatement(pool);
  const original = stories.map((s) => originalItem(s));
  return {
    original,
    setting1: stories.map((s, i) => setting1Story(s, original[i]!, optionLists)),
    setting2: stories.map((s, i) => setting2Item(s, original[i]!, pool, optionLists))
  };
}

function originalItem(story: Story): OriginalItem {
  const values = story.values.map((v) => formatValue(v));
  return { story: story.text, original_values: values, values: [...values], contradiction: [] };
}

function setting1Story(
  story: Story,
  original: OriginalItem,
  optionLists: Map<string, string[]>
): Setting1Story {
  const questions = story.values
    .filter((v, i) => story.category === 'multiple' || !original.contradiction.includes(original.values[i]!))
    .map((v) => {
      const options = optionLists.get(v.statement);
      if (options === undefined) throw new Error(`${story.id}: statement not in the pool: ${v.statement}`);
      const question: Setting1Story['questions'][number] = {
        value: v.statement,
        options,
        'gold label': v.attitude
      };
      if (v.character !== undefined) question.name = v.character;
      return question;
    });
  return { story: story.text, questions };
}

/**
 * 15 options: the gold values plus distractors drawn from every `statement--attitude` pair
 * of the pool, minus the story's original values and every pair of a contradicted statement
 * (so a distractor may be a gold statement with another attitude), shuffled. In the
 * multiple-character category the pairs are drawn for the story's own characters.
 */
function setting2Item(
  story: Story,
  original: OriginalItem,
  pool: readonly PoolEntry[],
  optionLists: Map<string, string[]>
): Setting2Item {
  const gold = original.values;
  if (gold.length > SELECTION_OPTIONS)
    throw new Error(`${story.id}: ${gold.length} values do not fit in 15 options`);
  const contradicted = new Set(original.contradiction.map((c) => c.slice(0, c.indexOf('--'))));
  const pairs: string[] = [];
  const holders = story.category === 'multiple' ? story.characters.map((c) => c.name) : [undefined];
  for (const character of holders) {
    for (const entry of pool) {
      if (contradicted.has(entry.q_content)) continue;
      for (const option of optionLists.get(entry.q_content) ?? []) {
        if (option.trim() === '') continue;
        const value = formatValue({ statement: entry.q_content, attitude: option, character });
        if (!original.original_values.includes(value)) pairs.push(value);
      }
    }
  }
  const distinct = [...new Set(pairs)];
  const rng = new SeededRandom(`${DRAW_SEED}/${story.id}/selection`);
  const options = rng.shuffle([...gold, ...rng.sample(distinct, SELECTION_OPTIONS - gold.length)]);
  return { story: story.text, options, values: [...gold] };
}
