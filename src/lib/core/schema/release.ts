import { z } from 'zod';

/** The release's file shapes (field names exact, spaces included). Unknown fields are kept out. */

export const setting1QuestionSchema = z.object({
  value: z.string(),
  options: z.array(z.string()),
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
  options: z.array(z.string()),
  values: z.array(z.string())
});
export type Setting2Item = z.infer<typeof setting2ItemSchema>;
export const setting2FileSchema = z.array(setting2ItemSchema);

export const originalItemSchema = z.object({
  story: z.string(),
  original_values: z.array(z.string()),
  values: z.array(z.string()),
  contradiction: z.array(z.string())
});
export type OriginalItem = z.infer<typeof originalItemSchema>;
export const originalFileSchema = z.array(originalItemSchema);

/** `results_*.json`: raw model outputs in dataset order. */
export const resultsFileSchema = z.array(z.string());
