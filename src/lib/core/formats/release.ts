import type { z } from 'zod';
import { FormatError, describeIssue, parseJsonText } from '../format-error';
import {
  originalFileSchema,
  resultsFileSchema,
  setting1FileSchema,
  setting2FileSchema,
  wellFormedSetting1,
  type OriginalItem,
  type Setting1Story,
  type Setting2Item
} from '../schema/release';
import type { AttitudeQuestion, SelectionItem } from '../schema/task-items';
import { ListInterner } from '../text/list-key';

/** Validates parsed JSON against a schema; errors name the file, the item index and the field. */
export function validate<T>(file: string, schema: z.ZodType<T>, data: unknown, itemLabel = 'item'): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const { where, detail } = describeIssue(parsed.error, itemLabel);
  throw new FormatError(file, where, detail);
}

function readArrayFile<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
  kind: string,
  wellFormed?: (data: unknown) => T | undefined
): T {
  const data = parseJsonText(file, text);
  if (!Array.isArray(data)) throw new FormatError(file, '', `expected a JSON array (${kind})`);
  return wellFormed?.(data) ?? validate(file, schema, data);
}

/** `dataset_setting1_<category>.json` (attitude detection). */
export function readSetting1(file: string, text: string): Setting1Story[] {
  return readArrayFile(
    file,
    text,
    setting1FileSchema,
    'a dataset_setting1 file of attitude questions',
    wellFormedSetting1
  );
}

/** `dataset_setting2_<category>.json` (value selection). */
export function readSetting2(file: string, text: string): Setting2Item[] {
  return readArrayFile(file, text, setting2FileSchema, 'a dataset_setting2 file of value-selection items');
}

/** `dataset_<category>_original.json` (stories and their values; value extraction). */
export function readOriginal(file: string, text: string): OriginalItem[] {
  return readArrayFile(file, text, originalFileSchema, 'a dataset_<category>_original file');
}

/** `results_*.json`: an array of raw output strings. */
export function readResults(file: string, text: string): string[] {
  return readArrayFile(file, text, resultsFileSchema, 'results: raw model outputs as strings');
}

/** A question of task 1 with where it comes from. */
export interface LocatedQuestion extends AttitudeQuestion {
  story: number;
  question: number;
  statement: string;
  character?: string;
}

/** Task 1 questions flattened across stories, in the order the results files follow. */
export function flattenQuestions(stories: readonly Setting1Story[]): LocatedQuestion[] {
  const out: LocatedQuestion[] = [];
  const lists = new ListInterner();
  stories.forEach((s, story) => {
    s.questions.forEach((q, question) => {
      const located: LocatedQuestion = {
        story,
        question,
        statement: q.value,
        options: lists.intern(q.options),
        gold: q['gold label']
      };
      if (q.name !== undefined) located.character = q.name;
      out.push(located);
    });
  });
  return out;
}

export function selectionItems(items: readonly Setting2Item[]): SelectionItem[] {
  return items.map((i) => ({ options: i.options, gold: i.values }));
}

/** The release writes its files with `json.dump(..., indent=4)`. */
export function writeReleaseJson(data: unknown): string {
  return `${JSON.stringify(data, null, 4)}\n`;
}
