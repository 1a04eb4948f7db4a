import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import { extractionGold } from '$lib/core/extraction/gold';
import type { RunItem } from '$lib/core/runner/plan';
import { judgingKind } from '$lib/core/run-kinds/judging';
import { taskRunKind } from '$lib/core/run-kinds/task-run';
import type { SuiteEntry, SuiteSpec } from '$lib/core/schema/suite';
import { loadRunDataset } from './load-run-dataset';
import { runConfigFor } from './new-run';
import { entryRequest } from './suites';

/**
 * What a suite will cost before it starts: calls from each run's own plan (the items the run
 * kind asks, with their follow-up calls, and one judge call per sample of each story), and an
 * upper bound on tokens: a prompt's characters / 4 in, the reply cap (max tokens) out, and every
 * earlier reply of a conversation counted at that cap too. Retries and replies asked again are
 * not counted; a baseline makes no calls.
 */

/** Characters per token of the estimate: a common rule of thumb for English text. */
export const CHARS_PER_TOKEN = 4;

export interface CallEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface EntryEstimate {
  entry: SuiteEntry;
  /** The run's items (stories or questions). */
  items: number;
  model: CallEstimate;
  /** Value extraction: the judge's calls. */
  judge?: CallEstimate;
}

export interface SuiteEstimate {
  entries: EntryEstimate[];
  items: number;
  model: CallEstimate;
  judge: CallEstimate | undefined;
}

const NONE: CallEstimate = { calls: 0, inputTokens: 0, outputTokens: 0 };

function sum(a: CallEstimate, b: CallEstimate): CallEstimate {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens
  };
}

const tokensOf = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

/** An item's calls: the messages, then each follow-up in the same conversation. */
export function itemCalls(item: RunItem, maxTokens: number): CallEstimate {
  let chars = item.messages.reduce((n, m) => n + m.content.length, 0);
  let estimate: CallEstimate = { calls: 1, inputTokens: tokensOf(chars), outputTokens: maxTokens };
  (item.followUps ?? []).forEach((followUp, i) => {
    chars += followUp.length;
    // The conversation so far, and the replies before this call at most at the cap each.
    estimate = sum(estimate, {
      calls: 1,
      inputTokens: tokensOf(chars) + (i + 1) * maxTokens,
      outputTokens: maxTokens
    });
  });
  return estimate;
}

function callsOf(items: readonly RunItem[], maxTokens: number): CallEstimate {
  return items.reduce((total, item) => sum(total, itemCalls(item, maxTokens)), NONE);
}

async function entryEstimate(spec: SuiteSpec, entry: SuiteEntry): Promise<EntryEstimate> {
  const config = await runConfigFor(entryRequest(spec, entry), new Date().toISOString());
  const { dataset, bench } = await loadRunDataset(spec.datasetId, spec.categories);
  const items = taskRunKind.plan({
    config,
    dataset,
    templates: DEFAULT_TEMPLATES,
    example: (story) => exampleFor(bench, story)
  });
  const maxTokens = spec.sampling.maxTokens;
  const model = spec.model.provider === 'baseline' ? NONE : callsOf(items, maxTokens);
  if (entry.task !== 'extraction' || spec.judge === undefined) return { entry, items: items.length, model };
  // Every story is judged as if it had a prediction; the prediction's text is counted at the
  // model's cap, as the placeholder's one character stands for it.
  const gold = extractionGold(dataset);
  const runResults = gold.map((g) => ({
    itemKey: g.key,
    output: '[Final answer]: …',
    latencyMs: 0,
    attempts: 1,
    finishedAt: config.createdAt
  }));
  const judgeItems = judgingKind.plan({ gold, runResults, samples: spec.judge.samples });
  const judgeCalls = callsOf(judgeItems, spec.judge.sampling.maxTokens);
  const judge = { ...judgeCalls, inputTokens: judgeCalls.inputTokens + judgeCalls.calls * maxTokens };
  return { entry, items: items.length, model, judge };
}

export async function estimateSuite(spec: SuiteSpec): Promise<SuiteEstimate> {
  const entries: EntryEstimate[] = [];
  for (const entry of spec.entries) entries.push(await entryEstimate(spec, entry));
  const judged = entries.flatMap((e) => (e.judge ? [e.judge] : []));
  return {
    entries,
    items: entries.reduce((n, e) => n + e.items, 0),
    model: entries.reduce((total, e) => sum(total, e.model), NONE),
    judge: judged.length === 0 ? undefined : judged.reduce(sum, NONE)
  };
}
