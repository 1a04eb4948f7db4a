import type { ChatMessage } from '../ports';
import {
  buildAttitudePrompt,
  buildSelectionPrompt,
  type PromptSetting,
  type ResolvedExample
} from '../prompts/build';
import type { TemplateSet } from '../prompts/templates';
import type { OriginalItem, Setting1Story, Setting2Item } from '../schema/release';
import type { PlanCategory } from '../schema/task-items';
import { DEFAULT_EXTRACTION_TEMPLATES, type ExtractionTemplates } from '../prompts/extraction-templates';
import { buildExtractionMessages } from '../prompts/extraction-build';

/** One request of a run: what is sent, and the key its result is stored under. */
export interface RunItem {
  /** `category/story/question` for task 1, `category/story` for task 2 (indices from 0). */
  key: string;
  category: string;
  story: number;
  question?: number;
  messages: ChatMessage[];
  /**
   * User messages sent after each reply, in the same conversation (messages, the reply, the
   * first follow-up, and so on). The earlier replies are kept as the result's `steps`.
   */
  followUps?: string[];
  /**
   * Looks at the final reply: a reason to refuse it (an unreadable judge verdict), or
   * undefined to accept it. A refused reply is asked again, up to `maxRejected` more times.
   */
  check?: (text: string) => string | undefined;
}

/**
 * The worked example for one-shot prompts: one example for every item, or one chosen per
 * test story (as `exampleFor` in dataset/shipped-benchmark.ts does), so that no story is shown solved
 * as its own example.
 */
export type ExampleSource = ResolvedExample | ((story: string) => ResolvedExample);

export interface PlanInput {
  categories: readonly PlanCategory[];
  setting: PromptSetting;
  templates: TemplateSet;
  /** Needed when `setting.shots` is 1. */
  example?: ExampleSource;
  /** Value extraction's templates; default DEFAULT_EXTRACTION_TEMPLATES. */
  extractionTemplates?: ExtractionTemplates;
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
    else if (part.task === 'selection') items.push(...planSelection(part.category, part.items, input));
    else items.push(...planExtractionCategory(part.category, part.items, input));
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

/**
 * Value extraction: one item per story, two calls in one conversation (the analysis, then the
 * values). Zero-shot only, as in the release; the multiple-character category (`multiple`)
 * asks for the character's name before each value, the form its gold values have.
 */
function planExtractionCategory(
  category: string,
  entries: readonly OriginalItem[],
  input: PlanInput
): RunItem[] {
  if (input.setting.shots !== 0) throw new Error('value extraction is zero-shot only');
  const templates = input.extractionTemplates ?? DEFAULT_EXTRACTION_TEMPLATES;
  return entries.map((entry, story) => {
    const { messages, followUps } = buildExtractionMessages(
      entry.story,
      category === 'multiple',
      input.setting.systemPrompt,
      templates
    );
    return { key: `${category}/${story}`, category, story, messages, followUps };
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
