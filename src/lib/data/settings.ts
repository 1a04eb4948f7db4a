import type { Sampling } from '$lib/core/schema/run';

/**
 * The run and judge settings as the forms hold them, checked before anything is stored, each
 * refused with a sentence that names the field. A number field left empty arrives as null.
 */

type Field = number | null | undefined;

const between = (x: Field, low: number, high: number): x is number =>
  typeof x === 'number' && Number.isFinite(x) && x >= low && x <= high;

/** The model's sampling as the Run form holds it (the seed is text: empty means none). */
export interface SamplingFields {
  temperature: Field;
  topP: Field;
  maxTokens: Field;
  seed: string;
}

export function checkedSampling(fields: SamplingFields): Sampling | { error: string } {
  const { temperature, topP, maxTokens } = fields;
  if (!between(temperature, 0, 2)) return { error: 'Temperature must be a number from 0 to 2.' };
  if (!between(topP, 0, 1) || topP === 0) return { error: 'Top p must be a number above 0 and at most 1.' };
  if (!between(maxTokens, 1, Number.MAX_SAFE_INTEGER) || !Number.isInteger(maxTokens))
    return { error: 'Max tokens must be a whole number, at least 1.' };
  const seed = fields.seed.trim();
  if (seed === '') return { temperature, topP, maxTokens };
  const n = Number(seed);
  if (!Number.isSafeInteger(n)) return { error: 'Seed must be a whole number, or empty for none.' };
  return { temperature, topP, maxTokens, seed: n };
}

export const MAX_JUDGE_SAMPLES = 10;

/** A judge's samples per story (1 to 10) and temperature (0 to 2). */
export function checkedJudgeFields(
  samples: Field,
  temperature: Field
): { samples: number; temperature: number } | { error: string } {
  if (!between(samples, 1, MAX_JUDGE_SAMPLES) || !Number.isInteger(samples))
    return { error: `Judge samples must be a whole number from 1 to ${String(MAX_JUDGE_SAMPLES)}.` };
  if (!between(temperature, 0, 2)) return { error: 'Judge temperature must be a number from 0 to 2.' };
  return { samples, temperature };
}

/**
 * Several samples at temperature 0 give the same verdicts every time (up to a server's
 * nondeterminism), so their agreement says nothing about the judge: say so before it is paid for.
 */
export function samplesWarning(samples: Field, temperature: Field): string | undefined {
  if (typeof samples !== 'number' || samples <= 1 || temperature !== 0) return undefined;
  return 'At temperature 0 every sample should give the same verdicts, so their agreement measures little: raise the judge temperature to measure self-consistency.';
}
