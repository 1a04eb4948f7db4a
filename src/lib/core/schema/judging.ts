import { z } from 'zod';
import { numberRule } from './number-rule';
import { modelIdentitySchema, samplingSchema, type Sampling } from './run';

/**
 * A judging: one judge model's pass over a value-extraction run's stored predictions. A run
 * can have several (re-judged with another judge, or the same judge k times for
 * self-consistency) without asking the judged model again. Its responses are stored like a
 * run's, under the judging's id, with item keys `category/story` for the first sample and
 * `category/story#s` for sample s >= 1.
 */
export const judgingConfigSchema = z.strictObject({
  /** The value-extraction run being judged. */
  runId: z.string().min(1),
  judge: modelIdentitySchema,
  sampling: samplingSchema,
  /** Judge calls per item; the first sample's verdicts are the score, the others measure consistency. */
  samples: z.number().int().min(1).max(10),
  /** SHA-256 of the judge template and system prompt. */
  templateHash: z.string().regex(/^[0-9a-f]{64}$/),
  environment: z.strictObject({ appVersion: z.string(), userAgent: z.string().optional() }),
  createdAt: z.iso.datetime()
});
export type JudgingConfig = z.infer<typeof judgingConfigSchema>;

/** Judge samples per item as forms and flags check and state them, read from the schema. */
export const JUDGE_SAMPLES_RULE = numberRule(judgingConfigSchema.shape.samples);

export const VERDICTS = [0, 0.5, 1] as const;
export const verdictSchema = z.union([z.literal(0), z.literal(0.5), z.literal(1)]);
/** How much of a gold value the predictions cover: 1 all of it, 0.5 part, 0 none. */
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * A person's verdict on one gold value of one item of a run: it overrides (or, when equal,
 * confirms) the judge's. Kept per run, not per judging, since it is about the prediction.
 */
export const humanVerdictSchema = z.strictObject({
  runId: z.string().min(1),
  /** The run item (`category/story`). */
  itemKey: z.string().min(1),
  /** Index of the gold value in the item's gold list. */
  gold: z.number().int().nonnegative(),
  verdict: verdictSchema,
  note: z.string().optional(),
  at: z.iso.datetime()
});
export type HumanVerdict = z.infer<typeof humanVerdictSchema>;

/** The key a judge sample's response is stored under. */
export function judgeItemKey(itemKey: string, sample: number): string {
  return sample === 0 ? itemKey : `${itemKey}#${sample}`;
}

/**
 * The judge's sampling unless the user picks another: greedy, so one judging is repeatable, and
 * room for a justification per gold value before the `[Final answer]` list (a cut-off reply
 * loses every verdict). One default for the app and the CLI, so their judgings compare.
 */
export const DEFAULT_JUDGE_SAMPLING: Readonly<Sampling> = Object.freeze({
  temperature: 0,
  topP: 1,
  maxTokens: 4096
});
