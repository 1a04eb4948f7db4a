import type { ReleaseBundle } from '../formats/bundle';
import { formatValue, parseValue } from '../formats/values';
import type { Setting1Question, Setting2Item } from '../schema/release';
import { SHIPPED_CATEGORIES } from '../schema/value';
import { PROVENANCE, type Story } from '../schema/story';
import type { ShippedBenchmark } from './shipped-benchmark';
import { releaseFilesOf } from './shipped-benchmark';
import { hardReleaseFilesOf, type HardSplit } from './hard-release';
import { HARD_DATASET_ID } from './hard-split';
import type { ReleaseFiles } from './build';
import { parseStoryText, titleOf } from './story-text';

/** One story as the dataset browser shows it, whatever file it came from. */
export interface StoryView {
  /** `category/index`, unique within a dataset. */
  key: string;
  category: string;
  /** 0-based position within its category's files. */
  index: number;
  /** The shipped benchmark's id (`social-03`), if it has one. */
  id?: string;
  title: string;
  scene?: string;
  characters: string[];
  text: string;
  /** Gold values, `statement--attitude` (or `Name:statement--attitude`). */
  values: string[];
  /** The statements of the gold values, for filtering. */
  statements: string[];
  /** Task 1 items of this story. */
  questions: Setting1Question[];
  /** Task 2 item of this story. */
  selection?: Setting2Item;
  /** Task 3: the story has an extraction item (its gold values come from the original file). */
  extraction: boolean;
}

export interface DatasetView {
  id: string;
  name: string;
  kind: 'shipped' | 'imported';
  /** The split of the shipped benchmark this is (imports have none). */
  split?: 'standard' | 'hard';
  provenance: string;
  /** Oddities found when the files were read (imported datasets), and built stories that did not pass. */
  notes: string[];
  /** Stories built in this browser: their construction and dataset card (Markdown, shown as text). */
  built?: { construction: string; card: string };
  categories: { name: string; stories: StoryView[] }[];
}

export const SHIPPED_DATASET_ID = 'shipped';
export const SHIPPED_DATASET_NAME = 'Shipped benchmark, standard split (written for this project)';
export { HARD_DATASET_ID };
export const HARD_DATASET_NAME = 'Shipped benchmark, hard split (written for this project)';

/** The split a dataset id names: the two shipped splits, or none for an import. */
export function splitOfDataset(id: string): 'standard' | 'hard' | undefined {
  return id === SHIPPED_DATASET_ID ? 'standard' : id === HARD_DATASET_ID ? 'hard' : undefined;
}

const PROVENANCE_LINE = `${PROVENANCE[0]!.toUpperCase()}${PROVENANCE.slice(1)}; not the paper's dataset.`;

export function viewOfShipped(bench: ShippedBenchmark): DatasetView {
  return {
    id: SHIPPED_DATASET_ID,
    name: SHIPPED_DATASET_NAME,
    kind: 'shipped',
    split: 'standard',
    provenance: PROVENANCE_LINE,
    notes: [],
    categories: SHIPPED_CATEGORIES.map((category) => ({
      name: category,
      stories: storyViews(category, bench.stories[category], releaseFilesOf(bench, category))
    }))
  };
}

/** The hard split: stories written to leave strong readers honest misses, same formats. */
export function viewOfHard(hard: HardSplit, bench: Pick<ShippedBenchmark, 'pools'>): DatasetView {
  return {
    id: HARD_DATASET_ID,
    name: HARD_DATASET_NAME,
    kind: 'shipped',
    split: 'hard',
    provenance: `${PROVENANCE_LINE} The hard split: stories made so that careful readers miss some values for honest reasons.`,
    notes: [],
    categories: SHIPPED_CATEGORIES.map((category) => ({
      name: category,
      stories: storyViews(category, hard.stories[category], hardReleaseFilesOf(hard, bench, category))
    }))
  };
}

function storyViews(category: string, stories: readonly Story[], files: ReleaseFiles): StoryView[] {
  return stories.map((story, index): StoryView => {
    const values = story.values.map((v) => formatValue(v));
    const selection = files.setting2[index];
    const view: StoryView = {
      key: `${category}/${index}`,
      category,
      index,
      id: story.id,
      title: story.title,
      scene: story.scene,
      characters: story.characters.map((c) => c.name),
      text: story.text,
      values,
      statements: [...new Set(story.values.map((v) => v.statement))],
      questions: files.setting1[index]?.questions ?? [],
      extraction: true
    };
    if (selection) view.selection = selection;
    return view;
  });
}

export const IMPORTED_PROVENANCE = 'Imported from release files on this device.';

/** Stories of imported release files, joined across the three files by their text. */
export function viewOfBundle(
  id: string,
  name: string,
  bundle: ReleaseBundle,
  provenance: string = IMPORTED_PROVENANCE
): DatasetView {
  const categories = Object.entries(bundle.categories).map(([category, files]) => {
    const byText = new Map<string, StoryView>();
    const storyFor = (text: string): StoryView => {
      let view = byText.get(text);
      if (view === undefined) {
        const index = byText.size;
        view = {
          key: `${category}/${index}`,
          category,
          index,
          title: titleOf(text) ?? `Story ${index + 1}`,
          characters: castOf(text),
          text,
          values: [],
          statements: [],
          questions: [],
          extraction: false
        };
        byText.set(text, view);
      }
      return view;
    };
    for (const item of files.original ?? []) {
      const view = storyFor(item.story);
      view.values = item.values;
      view.extraction = true;
    }
    for (const story of files.setting1 ?? []) storyFor(story.story).questions = story.questions;
    for (const item of files.setting2 ?? []) {
      const view = storyFor(item.story);
      view.selection = item;
      if (view.values.length === 0) view.values = item.values;
    }
    for (const view of byText.values()) {
      if (view.values.length === 0) {
        view.values = view.questions.map((q) =>
          formatValue({ statement: q.value, attitude: q['gold label'], character: q.name })
        );
      }
      view.statements = [...new Set(view.values.map((v) => statementOf(v, category === 'multiple')))];
    }
    return { name: category, stories: [...byText.values()] };
  });
  return {
    id,
    name,
    kind: 'imported',
    provenance,
    notes: bundle.warnings,
    categories
  };
}

/** The statement of a formatted value (in the multiple-character category, without the name). */
function statementOf(value: string, withCharacter: boolean): string {
  const parsed = parseValue(value, withCharacter) ?? parseValue(value);
  return parsed?.statement ?? value;
}

function castOf(text: string): string[] {
  for (const block of parseStoryText(text)) {
    if (block.kind === 'cast')
      return block.members.map((m) => m.find((s) => s.bold)?.text ?? '').filter(Boolean);
  }
  return [];
}

export interface StoryFilter {
  category: string;
  scene: string;
  statement: string;
  search: string;
  /** A difficulty flag (`too-explicit`, `unsolved`) or `unflagged`; see `flagOf` below. */
  flag: string;
}

/** The flag filter's value for stories no reader run flagged (answered or not). */
export const UNFLAGGED = 'unflagged';

/**
 * The stories the filter selects. `flagOf` gives a story's difficulty flag when difficulty has
 * been measured; without it the flag filter selects nothing it cannot know, so it is left out.
 */
export function filterStories(
  dataset: DatasetView,
  filter: StoryFilter,
  flagOf?: (key: string) => string | undefined
): StoryView[] {
  const needle = filter.search.trim().toLowerCase();
  // The statement is typed: a story matches when one of its statements contains it.
  const statement = filter.statement.trim().toLowerCase();
  return dataset.categories
    .filter((c) => filter.category === '' || c.name === filter.category)
    .flatMap((c) => c.stories)
    .filter((s) => filter.scene === '' || s.scene === filter.scene)
    .filter((s) => statement === '' || s.statements.some((t) => t.toLowerCase().includes(statement)))
    .filter((s) => filter.flag === '' || flagOf === undefined || (flagOf(s.key) ?? UNFLAGGED) === filter.flag)
    .filter(
      (s) =>
        needle === '' ||
        s.title.toLowerCase().includes(needle) ||
        s.characters.some((c) => c.toLowerCase().includes(needle)) ||
        s.text.toLowerCase().includes(needle)
    );
}

/** Distinct values, sorted: the options of a filter. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
