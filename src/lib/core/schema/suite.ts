import { z } from 'zod';
import { judgingConfigSchema } from './judging';
import { modelIdentitySchema, runLimitsSchema, samplingSchema, taskSchema } from './run';

/**
 * A suite: one model asked a whole benchmark, as a list of runs (task × prompt setting) made one
 * after another on the same categories. What it records is what each of its runs is started
 * with; the runs themselves are ordinary runs. Like a run config it never holds an API key.
 */

/** One planned run of a suite: a task under one prompt setting. */
export const suiteEntrySchema = z.strictObject({
  task: taskSchema,
  reasoning: z.boolean(),
  shots: z.union([z.literal(0), z.literal(1)])
});
export type SuiteEntry = z.infer<typeof suiteEntrySchema>;

/** The judge of a suite's value-extraction run (as a run's judge is asked). */
export const suiteJudgeSchema = z.strictObject({
  model: modelIdentitySchema,
  samples: judgingConfigSchema.shape.samples,
  sampling: samplingSchema
});

export const suiteSpecSchema = z.strictObject({
  datasetId: z.string().min(1),
  /** Every run of the suite asks these categories. */
  categories: z.array(z.string().min(1)).min(1),
  model: modelIdentitySchema,
  sampling: samplingSchema,
  concurrency: z.number().int().positive().optional(),
  limits: runLimitsSchema.optional(),
  systemPrompt: z.string(),
  judge: suiteJudgeSchema.optional(),
  entries: z.array(suiteEntrySchema).min(1)
});
export type SuiteSpec = z.infer<typeof suiteSpecSchema>;

/** How an entry is named on pages: `attitude, plain, 0-shot`. */
export function entryLabel(entry: SuiteEntry): string {
  if (entry.task === 'extraction') return 'extraction (analysis, then values; zero-shot)';
  return `${entry.task}, ${entry.reasoning ? 'reasoning' : 'plain'}, ${String(entry.shots)}-shot`;
}
