import { z } from 'zod';

/** The categories the shipped benchmark has stories for. */
export const SHIPPED_CATEGORIES = [
  'ethical',
  'political',
  'religious',
  'social',
  'random',
  'multiple'
] as const;
export type ShippedCategory = (typeof SHIPPED_CATEGORIES)[number];
export const shippedCategorySchema = z.enum(SHIPPED_CATEGORIES);

/** One line of a value pool file (`*_values.jsonl`, `WVQ_simple.jsonl`). */
export const poolEntrySchema = z.object({
  topic: z.string(),
  q_id: z.union([z.string(), z.number()]).optional(),
  q_content: z.string().min(1),
  option: z.string()
});
export type PoolEntry = z.infer<typeof poolEntrySchema>;

/** A cultural value: a statement and the attitude held towards it (trimmed). */
export const valueSchema = z.object({
  statement: z.string().min(1),
  attitude: z.string().min(1),
  /** Who holds it, in the multiple-character category. */
  character: z.string().min(1).optional()
});
export type Value = z.infer<typeof valueSchema>;

/** A record with one entry per shipped category, built without casts. */
export function perShippedCategory<T>(make: (category: ShippedCategory) => T): Record<ShippedCategory, T> {
  return {
    ethical: make('ethical'),
    political: make('political'),
    religious: make('religious'),
    social: make('social'),
    random: make('random'),
    multiple: make('multiple')
  };
}
