import { SAMPLING_RULES, type Sampling } from '$lib/core/schema/run';
import { JUDGE_SAMPLES_RULE } from '$lib/core/schema/judging';
import type { NumberRule } from '$lib/core/schema/number-rule';

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
