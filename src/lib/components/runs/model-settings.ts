import { judgeRequestOf, type JudgeRequest } from '$lib/data/judging';
import {
  checkedJudgeFields,
  checkedLimits,
  checkedSampling,
  type LimitFields,
  type SamplingFields
} from '$lib/data/settings';
import type { ModelIdentity, RunLimits, Sampling } from '$lib/core/schema/run';
import type { LocalModelOption, ModelChoice } from '$lib/state/model-choice.svelte';

/** The judge a form's judge fields ask for, or what is wrong with them (one sentence). */
function judgeRequestFrom(
  choice: ModelChoice,
  localModels: readonly LocalModelOption[],
  samples: number | null,
  temperature: number | null
): JudgeRequest | string {
  const fields = checkedJudgeFields(samples, temperature);
  if ('error' in fields) return fields.error;
  const chosen = choice.identity(localModels);
  if ('error' in chosen) return `Judge: ${chosen.error}`;
  return judgeRequestOf(chosen.identity, fields.samples, fields.temperature);
}

/** What the Run page's forms (one run, a suite) hold about the model, its limits and the judge. */
export interface ModelSettingsFields {
  model: ModelChoice;
  localModels: readonly LocalModelOption[];
  sampling: SamplingFields;
  limits: LimitFields;
  /** The judge's fields, when the request will be judged (value extraction). */
  judge?: { choice: ModelChoice; samples: number | null; temperature: number | null };
  /** Why a baseline will not do as the model, when it will not. */
  baselineRefused?: string;
}

export interface ModelSettings {
  model: ModelIdentity;
  sampling: Sampling;
  concurrency: number;
  limits: RunLimits;
  judge?: JudgeRequest;
}

/** The model settings a form asks for, checked in the form's order, or the first thing wrong (one sentence). */
export function checkedModelSettings(f: ModelSettingsFields): ModelSettings | string {
  const chosen = f.model.identity(f.localModels);
  if ('error' in chosen) return chosen.error;
  if (f.baselineRefused !== undefined && chosen.identity.provider === 'baseline') return f.baselineRefused;
  const sampling = checkedSampling(f.sampling);
  if ('error' in sampling) return sampling.error;
  const limits = checkedLimits(f.limits);
  if ('error' in limits) return limits.error;
  const judge =
    f.judge === undefined
      ? undefined
      : judgeRequestFrom(f.judge.choice, f.localModels, f.judge.samples, f.judge.temperature);
  if (typeof judge === 'string') return judge;
  return {
    model: chosen.identity,
    sampling,
    concurrency: f.model.concurrency,
    limits,
    ...(judge === undefined ? {} : { judge })
  };
}
