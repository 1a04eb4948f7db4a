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
