import { z } from 'zod';
import { CHECK_KINDS } from '../checks/check-templates';
import { modelIdentitySchema, runLimitsSchema, samplingSchema } from './run';

/**
 * What a check run asked, recorded with it: the dataset (by hash, so a resume refuses changed
 * stories), the checks and samples, the hash of the check templates, the checking model and its
 * sampling. Check runs are records of their own, apart from task runs: they answer no task and
 * have no score on the leaderboard.
 */
export const checkRunConfigSchema = z.strictObject({
  kind: z.literal('check'),
  dataset: z.strictObject({
    id: z.string().min(1),
    name: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/)
  }),
  categories: z.array(z.string().min(1)).min(1),
  checks: z.array(z.enum(CHECK_KINDS)).min(1),
  samples: z.number().int().min(1).max(10),
  templateHash: z.string().regex(/^[0-9a-f]{64}$/),
  model: modelIdentitySchema,
  sampling: samplingSchema,
  /** Requests in flight at once (the app records it so a resumed run keeps it). */
  concurrency: z.number().int().positive().optional(),
  limits: runLimitsSchema.optional(),
  environment: z.strictObject({ appVersion: z.string(), userAgent: z.string().optional() }),
  createdAt: z.iso.datetime()
});
export type CheckRunConfig = z.infer<typeof checkRunConfigSchema>;
