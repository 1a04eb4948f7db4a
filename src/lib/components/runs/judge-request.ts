import { judgeRequestOf, type JudgeRequest } from '$lib/data/judging';
import { checkedJudgeFields } from '$lib/data/settings';
import type { LocalModelOption, ModelChoice } from '$lib/state/model-choice.svelte';

/** The judge a form's judge fields ask for, or what is wrong with them (one sentence). */
export function judgeRequestFrom(
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
