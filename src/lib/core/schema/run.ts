import { z } from 'zod';
import { numberRule } from './number-rule';

/**
 * What a run is and what it produced. A run configuration never holds an API key: keys stay
 * in the browser's or the shell's own storage and go only to their provider, so a stored or
 * exported run can be shared as it is. The objects are strict, so a key cannot slip in.
 */

export const TASKS = ['attitude', 'selection', 'extraction'] as const;
export const taskSchema = z.enum(TASKS);
export type Task = z.infer<typeof taskSchema>;

export const samplingSchema = z.strictObject({
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1),
  maxTokens: z.number().int().positive(),
  seed: z.number().int().optional()
});
export type Sampling = z.infer<typeof samplingSchema>;

/** The sampling limits as forms and flags check and state them, read from `samplingSchema`. */
export const SAMPLING_RULES = {
  temperature: numberRule(samplingSchema.shape.temperature),
  topP: numberRule(samplingSchema.shape.topP),
  maxTokens: numberRule(samplingSchema.shape.maxTokens),
  seed: numberRule(samplingSchema.shape.seed.unwrap())
};

/** The release's settings for open models: temperature 0.8, at most 4096 new tokens. */
export const DEFAULT_SAMPLING: Sampling = { temperature: 0.8, topP: 1, maxTokens: 4096 };

/**
 * Why a server URL must not be stored, or undefined when it may: a user name, password or
 * query string in it is where a key would ride along into stored and exported runs.
 */
export function urlSecretProblem(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '')
    return 'must not hold a user name or password (give the key in its own field)';
  if (parsed.search !== '' || url.includes('?'))
    return 'must not hold a query string (give the key in its own field)';
  return undefined;
}

/** A URL refused when it could carry a key (see `urlSecretProblem`). */
export const serverUrlSchema = z.url().check((ctx) => {
  const problem = urlSecretProblem(ctx.value);
  if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/** The uniform-random baseline's settings: its seed, so a run of it can be repeated exactly. */
export const uniformRandomSettingsSchema = z.strictObject({
  seed: z.union([z.number().int(), z.string().min(1)])
});
/** The majority baseline has none: its choices follow from the run's dataset. */
export const majoritySettingsSchema = z.strictObject({});

/** Which baseline a run asked, with its own settings: enough to build it again on resume. */
export const baselineSettingsSchema = z.discriminatedUnion('kind', [
  uniformRandomSettingsSchema.extend({ kind: z.literal('uniform-random') }),
  majoritySettingsSchema.extend({ kind: z.literal('majority-attitude') })
]);
export type BaselineSettings = z.infer<typeof baselineSettingsSchema>;

export const modelIdentitySchema = z.strictObject({
  /** `openai`, `anthropic`, `gemini`, `webllm`, `wllama`, `baseline`, ... */
  provider: z.string().min(1),
  model: z.string().min(1),
  baseUrl: serverUrlSchema.optional(),
  /** For local model files: the SHA-256 of the weights. */
  fileSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /**
   * A baseline's settings (provider `baseline`). Runs recorded before this field name them
   * only in `model` (`uniform-random:seed=X`, `majority-attitude`): see `baselineSettingsOf`.
   */
  baseline: baselineSettingsSchema.optional()
});
export type ModelIdentity = z.infer<typeof modelIdentitySchema>;

export const promptSettingSchema = z.strictObject({
  reasoning: z.boolean(),
  shots: z.union([z.literal(0), z.literal(1)]),
  systemPrompt: z.string(),
  templateHash: z.string().regex(/^[0-9a-f]{64}$/)
});

/**
 * How long one request may take, how many tries an item gets, and how long a reply may be,
 * when the user changed them; absent fields keep the runner's defaults. Recorded with the run
 * so that resuming it (after a reload, in another session) keeps the same limits.
 */
export const runLimitsSchema = z.strictObject({
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  maxReplyBytes: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 31)
    .optional()
});
export type RunLimits = z.infer<typeof runLimitsSchema>;

export const runConfigSchema = z.strictObject({
  task: taskSchema,
  dataset: z.strictObject({
    id: z.string().min(1),
    name: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/)
  }),
  categories: z.array(z.string().min(1)).min(1),
  prompt: promptSettingSchema,
  model: modelIdentitySchema,
  sampling: samplingSchema,
  /** Requests in flight at once, when the user chose it (a resumed run keeps it). */
  concurrency: z.number().int().positive().optional(),
  limits: runLimitsSchema.optional(),
  environment: z.strictObject({
    appVersion: z.string(),
    userAgent: z.string().optional(),
    gpuAdapter: z.string().optional()
  }),
  createdAt: z.iso.datetime()
});
export type RunConfig = z.infer<typeof runConfigSchema>;

export const usageSchema = z.strictObject({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** Prompt tokens a local engine reused from the previous request's prefix. */
  cachedPromptTokens: z.number().int().nonnegative().optional()
});

/** An earlier call of an item that takes several (value extraction's first pass). */
export const stepResultSchema = z.strictObject({
  output: z.string(),
  usage: usageSchema.optional(),
  latencyMs: z.number().nonnegative()
});
export type StepResult = z.infer<typeof stepResultSchema>;

/** One item's response as it arrived: kept raw, so any later extraction can re-score it. */
export const itemResultSchema = z.strictObject({
  /** `category/story/question` (or `category/story` for one call per story). */
  itemKey: z.string().min(1),
  /** The raw output, or null when every attempt failed. */
  output: z.string().nullable(),
  usage: usageSchema.optional(),
  latencyMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  /** Why the item has no output (the last attempt's error), when it has none. */
  error: z.string().optional(),
  /** Earlier calls of a multi-call item, in order; `output` is the last call's reply. */
  steps: z.array(stepResultSchema).optional(),
  /** Replies refused by the item's check (an unreadable judge verdict), oldest first, kept for the record. */
  rejected: z.array(z.string()).optional(),
  finishedAt: z.iso.datetime()
});
export type ItemResult = z.infer<typeof itemResultSchema>;

/**
 * A run's (or a judging's) results as a file carries them: one per item. A second result for
 * an item would be scored as well (a 100k-line bundle of 40 items imported), so it is refused,
 * naming the key and where it first appeared.
 */
export const itemResultListSchema = z.array(itemResultSchema).superRefine((results, ctx) => {
  const first = new Map<string, number>();
  results.forEach(({ itemKey }, index) => {
    const earlier = first.get(itemKey);
    if (earlier === undefined) first.set(itemKey, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: [index, 'itemKey'],
        message: `a second result for item ${itemKey} (the first is result ${String(earlier)})`
      });
  });
});

/**
 * What an unfinished item has received so far: the replies of its earlier calls and the
 * replies its check refused, with what they cost. Kept when an item stops before its result
 * is stored (pause, cancel, a model that refuses for good), so resuming continues from them
 * rather than asking again; superseded by the item's result once that is stored.
 */
export const partialResultSchema = z.strictObject({
  steps: z.array(stepResultSchema),
  rejected: z.array(z.string()),
  /** Calls made for the item so far, retries and refused replies included. */
  attempts: z.number().int().nonnegative(),
  /** Summed over the replies received so far. */
  latencyMs: z.number().nonnegative(),
  usage: usageSchema.optional()
});
export type PartialResult = z.infer<typeof partialResultSchema>;
