import { z } from 'zod';
import { stringList } from './string-list';

/** The release's file shapes (field names exact, spaces included). Unknown fields are kept out. */

export const setting1QuestionSchema = z.object({
  value: z.string(),
  options: stringList(),
  'gold label': z.string(),
  name: z.string().optional()
});
export type Setting1Question = z.infer<typeof setting1QuestionSchema>;

export const setting1StorySchema = z.object({
  story: z.string(),
  questions: z.array(setting1QuestionSchema)
});
export type Setting1Story = z.infer<typeof setting1StorySchema>;
export const setting1FileSchema = z.array(setting1StorySchema);

/**
 * `setting1FileSchema`'s result for a well-formed file, built by hand: the zod parse of a large
 * file (16,000 questions) took as long as scoring them. Undefined for anything the schema might
 * refuse, so the schema still reads those and says what is wrong and where.
 */
export function wellFormedSetting1(data: unknown): Setting1Story[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const stories: Setting1Story[] = new Array<Setting1Story>(data.length);
  for (let s = 0; s < data.length; s++) {
    const story: unknown = data[s];
    if (!isRecord(story) || typeof story.story !== 'string' || !Array.isArray(story.questions))
      return undefined;
    const raw: unknown[] = story.questions;
    const questions: Setting1Question[] = new Array<Setting1Question>(raw.length);
    for (let q = 0; q < raw.length; q++) {
      const question = raw[q];
      if (!isRecord(question)) return undefined;
      const { value, options, name } = question;
      const gold = question['gold label'];
      if (typeof value !== 'string' || typeof gold !== 'string' || !isStringList(options)) return undefined;
      if (name !== undefined && typeof name !== 'string') return undefined;
      // Freshly parsed JSON belongs to no one else: an object holding exactly the known fields
      // in the schema's order is kept as it is; any other is rebuilt in that order, as the
      // schema rebuilds it (a dataset's hash is taken over the serialised objects).
      questions[q] = inSchemaOrder(question, name !== undefined)
        ? (question as Setting1Question)
        : name === undefined
          ? { value, options, 'gold label': gold }
          : { value, options, 'gold label': gold, name };
    }
    stories[s] = { story: story.story, questions };
  }
  return stories;
}

const QUESTION_KEYS = ['value', 'options', 'gold label', 'name'] as const;

/** Whether `x`'s own keys are exactly `value, options, gold label` (then `name`), in that order. */
function inSchemaOrder(x: object, named: boolean): boolean {
  const expected = named ? 4 : 3;
  let n = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key)) return false;
    if (n >= expected || key !== QUESTION_KEYS[n]) return false;
    n++;
  }
  return n === expected;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isStringList(x: unknown): x is string[] {
  if (!Array.isArray(x)) return false;
  for (const element of x as unknown[]) if (typeof element !== 'string') return false;
  return true;
}

export const setting2ItemSchema = z.object({
  story: z.string(),
  options: stringList(),
  values: stringList()
});
export type Setting2Item = z.infer<typeof setting2ItemSchema>;
export const setting2FileSchema = z.array(setting2ItemSchema);

export const originalItemSchema = z.object({
  story: z.string(),
  original_values: stringList(),
  values: stringList(),
  contradiction: stringList()
});
export type OriginalItem = z.infer<typeof originalItemSchema>;
export const originalFileSchema = z.array(originalItemSchema);

/** `results_*.json`: raw model outputs in dataset order. */
export const resultsFileSchema = stringList();
