import type { ChatMessage } from '../ports';
import {
  buildAttitudePrompt,
  buildSelectionPrompt,
  type PromptSetting,
  type ResolvedExample
} from '../prompts/build';
import type { TemplateSet } from '../prompts/templates';
import type { Setting1Story, Setting2Item } from '../schema/release';

/** One request of a run: what is sent, and the key its result is stored under. */
export interface RunItem {
  /** `category/story/question` for task 1, `category/story` for task 2 (indices from 0). */
  key: string;
  category: string;
  story: number;
  question?: number;
  messages: ChatMessage[];
}

/** One category of a dataset, in the release's structure for the task being run. */
export type PlanCategory =
  | { task: 'attitude'; category: string; stories: readonly Setting1Story[] }
  | { task: 'selection'; category: string; items: readonly Setting2Item[] };

/**
 * The worked example for one-shot prompts: one example for every item, or one chosen per
 * test story (as `exampleFor` in dataset/shipped.ts does), so that no story is shown solved
 * as its own example.
 */
export type ExampleSource = ResolvedExample | ((story: string) => ResolvedExample);

export interface PlanInput {
  categories: readonly PlanCategory[];
  setting: PromptSetting;
  templates: TemplateSet;
  /** Needed when `setting.shots` is 1. */
  example?: ExampleSource;
}

/**
 * The run items of a dataset, deterministically: categories in the given order, stories in
 * file order, and a story's questions adjacent, so that a local engine can reuse the story's
 * prompt prefix from one request to the next.
 */
export function planRun(input: PlanInput): RunItem[] {
  const seen = new Set<string>();
  const items: RunItem[] = [];
  for (const part of input.categories) {
    if (part.category === '' || part.category.includes('/'))
      throw new Error(`category name "${part.category}" cannot be part of an item key`);
    // Two parts with one name would give two items one key, and resume would skip the second.
    if (seen.has(part.category)) throw new Error(`category "${part.category}" is listed twice in the plan`);
    seen.add(part.category);
    if (part.task === 'attitude') items.push(...planAttitude(part.category, part.stories, input));
    else items.push(...planSelection(part.category, part.items, input));
  }
  return items;
}

function planAttitude(category: string, stories: readonly Setting1Story[], input: PlanInput): RunItem[] {
  const items: RunItem[] = [];
  stories.forEach((s, story) => {
    const example = exampleOf(input, s.story, `${category}/${story}`);
    s.questions.forEach((q, question) => {
      const ask = { story: s.story, statement: q.value, options: q.options };
      const messages = buildAttitudePrompt(
        q.name === undefined ? ask : { ...ask, character: q.name },
        input.setting,
        input.templates,
        example
      );
      items.push({ key: `${category}/${story}/${question}`, category, story, question, messages });
    });
  });
  return items;
}

function planSelection(category: string, entries: readonly Setting2Item[], input: PlanInput): RunItem[] {
  return entries.map((entry, story) => {
    const ask = { story: entry.story, options: entry.options, number: entry.values.length };
    const example = exampleOf(input, entry.story, `${category}/${story}`);
    const messages = buildSelectionPrompt(ask, input.setting, input.templates, example);
    return { key: `${category}/${story}`, category, story, messages };
  });
}

function exampleOf(input: PlanInput, story: string, where: string): ResolvedExample | undefined {
  if (input.setting.shots === 0 || input.example === undefined) return undefined;
  const example = typeof input.example === 'function' ? input.example(story) : input.example;
  // A model shown its own test story solved would be scored on a copied answer.
  if (example.attitude.story === story || example.selection.story === story)
    throw new Error(`${where}: the one-shot example is this very story; choose the example per story`);
  return example;
}

/**
 * How many prompt characters (UTF-16 code units) `b` shares with `a` as a prefix, over the
 * messages' texts in order; a change of role ends the shared part, as it would for an engine
 * that renders roles into the prompt. Reported as "prefill saved" when `b` follows `a`.
 */
export function sharedPrefixLength(a: readonly ChatMessage[], b: readonly ChatMessage[]): number {
  let shared = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.role !== y.role) return shared;
    if (x.content === y.content) {
      shared += x.content.length;
      continue;
    }
    return shared + commonPrefix(x.content, y.content);
  }
  return shared;
}

function commonPrefix(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  let i = 0;
  while (i < n && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  return i;
}
