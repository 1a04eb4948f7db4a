import { z } from 'zod';
import { shippedCategorySchema, valueSchema } from './value';

/** The scenes of the CQ-Bench recipe. */
export const SCENES = [
  'company',
  'school',
  'neighborhood',
  'national park',
  'restaurant',
  'amusement park',
  'airplane'
] as const;
export const sceneSchema = z.enum(SCENES);
export type Scene = z.infer<typeof sceneSchema>;

export const PROVENANCE = 'written for this project following the CQ-Bench recipe';

export const characterSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1)
});

/** A value of a shipped story, with the pool entry it was drawn from. */
export const storyValueSchema = valueSchema.extend({
  qId: z.string().optional()
});
export type StoryValue = z.infer<typeof storyValueSchema>;

/** One story of the shipped benchmark (canonical form; the release's files derive from it). */
export const storySchema = z.object({
  id: z.string().regex(/^[a-z]+-\d{2}$/, 'ids look like "social-03"'),
  category: shippedCategorySchema,
  title: z.string().min(1),
  scene: sceneSchema,
  characters: z.array(characterSchema).min(3).max(5),
  /** Markdown-flavoured text as in the release: title, setting, characters, dialogue. */
  text: z.string().min(1),
  values: z.array(storyValueSchema).min(1),
  provenance: z.literal(PROVENANCE)
});
export type Story = z.infer<typeof storySchema>;

/** One file of `datasets/stories/`: the stories of one category. */
export const categoryFileSchema = z.object({
  category: shippedCategorySchema,
  stories: z.array(storySchema)
});
export type CategoryFile = z.infer<typeof categoryFileSchema>;

/**
 * A story of the hard split: longer scenes with 3 to 6 characters, and the statements it
 * discusses with no character taking a stance (its red herrings, offered among the selection
 * options). Its values follow the hard split's own seeded draw.
 */
export const hardStorySchema = storySchema.extend({
  id: z.string().regex(/^hard-[a-z]+-\d{2}$/, 'hard-split ids look like "hard-social-03"'),
  characters: z.array(characterSchema).min(3).max(6),
  redHerrings: z.array(z.string().min(1)).min(2)
});
export type HardStory = z.infer<typeof hardStorySchema>;

/** One file of `datasets/stories/hard/`: the hard split's stories of one category. */
export const hardCategoryFileSchema = z.object({
  category: shippedCategorySchema,
  split: z.literal('hard'),
  stories: z.array(hardStorySchema)
});
export type HardCategoryFile = z.infer<typeof hardCategoryFileSchema>;
