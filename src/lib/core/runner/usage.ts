import type { ChatUsage } from '../ports';
import type { ItemResult } from '../schema/run';

/** A reply's usage as a result records it (no fields the provider did not report). */
export function usageOf(usage: ChatUsage | undefined): ItemResult['usage'] {
  if (usage === undefined) return undefined;
  const { promptTokens, completionTokens, cachedPromptTokens } = usage;
  return cachedPromptTokens === undefined
    ? { promptTokens, completionTokens }
    : { promptTokens, completionTokens, cachedPromptTokens };
}

/** An item's usage is the sum over its calls (each step keeps its own as well). */
export function addUsage(a: ItemResult['usage'], b: ItemResult['usage']): ItemResult['usage'] {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const sum: NonNullable<ItemResult['usage']> = {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens
  };
  if (a.cachedPromptTokens !== undefined || b.cachedPromptTokens !== undefined)
    sum.cachedPromptTokens = (a.cachedPromptTokens ?? 0) + (b.cachedPromptTokens ?? 0);
  return sum;
}
