import { z } from 'zod';
import { SAMPLING_RULES, type RunLimits, type Sampling } from '$lib/core/schema/run';
import { numberRule } from '$lib/core/schema/number-rule';
import { JUDGE_SAMPLES_RULE } from '$lib/core/schema/judging';
import type { NumberRule } from '$lib/core/schema/number-rule';
import type { RunnableTask } from '$lib/core/dataset/run-dataset';
import { replyCapFor } from '$lib/core/runner/reply-cap';

/**
 * The run and judge settings as the forms hold them, checked before anything is stored, each
 * refused with a sentence that names the field. A number field left empty arrives as null.
 */

type Field = number | null | undefined;

/** The field's number, or the sentence that names the field and the rule the schema sets. */
function checked(label: string, rule: NumberRule, x: Field): number | { error: string } {
  return typeof x === 'number' && rule.accepts(x) ? x : { error: `${label} must be ${rule.describe}.` };
}

/** The model's sampling as the Run form holds it (the seed is text: empty means none). */
export interface SamplingFields {
  temperature: Field;
  topP: Field;
  maxTokens: Field;
  seed: string;
}

export function checkedSampling(fields: SamplingFields): Sampling | { error: string } {
  const temperature = checked('Temperature', SAMPLING_RULES.temperature, fields.temperature);
  if (typeof temperature !== 'number') return temperature;
  const topP = checked('Top p', SAMPLING_RULES.topP, fields.topP);
  if (typeof topP !== 'number') return topP;
  const maxTokens = checked('Max tokens', SAMPLING_RULES.maxTokens, fields.maxTokens);
  if (typeof maxTokens !== 'number') return maxTokens;
  const seed = fields.seed.trim();
  if (seed === '') return { temperature, topP, maxTokens };
  const n = Number(seed);
  if (!SAMPLING_RULES.seed.accepts(n))
    return { error: `Seed must be ${SAMPLING_RULES.seed.describe}, or empty for none.` };
  return { temperature, topP, maxTokens, seed: n };
}

/** A judge's samples per story and temperature, within the judging schema's limits. */
export function checkedJudgeFields(
  samples: Field,
  temperature: Field
): { samples: number; temperature: number } | { error: string } {
  const k = checked('Judge samples', JUDGE_SAMPLES_RULE, samples);
  if (typeof k !== 'number') return k;
  const t = checked('Judge temperature', SAMPLING_RULES.temperature, temperature);
  if (typeof t !== 'number') return t;
  return { samples: k, temperature: t };
}

/**
 * Several samples at temperature 0 give the same verdicts every time (up to a server's
 * nondeterminism), so their agreement says nothing about the judge: say so before it is paid for.
 */
export function samplesWarning(samples: Field, temperature: Field): string | undefined {
  if (typeof samples !== 'number' || samples <= 1 || temperature !== 0) return undefined;
  return 'At temperature 0 every sample should give the same verdicts, so their agreement measures little: raise the judge temperature to measure self-consistency.';
}

/**
 * A run's limits as the Run form holds them, in the units people think in: seconds, tries and
 * KB. An empty field keeps the default (shown as its placeholder), and is not recorded.
 */
export interface LimitFields {
  timeoutSeconds: Field;
  maxAttempts: Field;
  replyCapKb: Field;
}

// The same bounds as runLimitsSchema, in the form's units.
const LIMIT_RULES = {
  timeoutSeconds: numberRule(z.number().int().min(1).max(3600)),
  maxAttempts: numberRule(z.number().int().min(1).max(20)),
  replyCapKb: numberRule(
    z
      .number()
      .int()
      .min(1)
      .max(2 ** 21)
  )
};

/** What an empty limit field means, for its placeholder. */
export function limitDefaults(task: RunnableTask): {
  timeoutSeconds: number;
  maxAttempts: number;
  replyCapKb: number;
} {
  return { timeoutSeconds: 120, maxAttempts: 6, replyCapKb: replyCapFor(task) / 1024 };
}

/** The limits the user set (empty fields left out), or the sentence naming a wrong one. */
export function checkedLimits(fields: LimitFields): RunLimits | { error: string } {
  const limits: RunLimits = {};
  const given = (x: Field): x is number => typeof x === 'number';
  if (given(fields.timeoutSeconds)) {
    const s = checked('Per-try timeout (s)', LIMIT_RULES.timeoutSeconds, fields.timeoutSeconds);
    if (typeof s !== 'number') return s;
    limits.timeoutMs = s * 1000;
  }
  if (given(fields.maxAttempts)) {
    const n = checked('Tries per item', LIMIT_RULES.maxAttempts, fields.maxAttempts);
    if (typeof n !== 'number') return n;
    limits.maxAttempts = n;
  }
  if (given(fields.replyCapKb)) {
    const kb = checked('Reply cap (KB)', LIMIT_RULES.replyCapKb, fields.replyCapKb);
    if (typeof kb !== 'number') return kb;
    limits.maxReplyBytes = kb * 1024;
  }
  return limits;
}

/** A run's recorded limits in a few words ("timeout 30 s, 2 tries, reply cap 64 KB"), or '' for none. */
export function describeLimits(limits: RunLimits | undefined): string {
  if (limits === undefined) return '';
  const parts: string[] = [];
  if (limits.timeoutMs !== undefined) parts.push(`timeout ${limits.timeoutMs / 1000} s`);
  if (limits.maxAttempts !== undefined)
    parts.push(`${limits.maxAttempts} ${limits.maxAttempts === 1 ? 'try' : 'tries'}`);
  if (limits.maxReplyBytes !== undefined) parts.push(`reply cap ${limits.maxReplyBytes / 1024} KB`);
  return parts.join(', ');
}
