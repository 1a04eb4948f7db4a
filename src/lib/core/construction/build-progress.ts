import { z } from 'zod';
import type { ItemResult } from '../schema/run';
import { costOf, tokenPricesSchema } from '../token-cost';
import { buildStory, roleOfCallKey, type BuildOptions, type BuildPlan, type Role } from './build-story';

/** One model's share of a construction's calls. */
export interface RoleUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** How a construction stands: its stories, its calls and what they cost, counted from its stored replies. */
export interface BuildProgress {
  stories: number;
  /** Stories with an outcome, and of those the ones that passed every check. */
  storiesDone: number;
  storiesPassed: number;
  /** Replies stored (answered or failed on every attempt), and those stored before this session. */
  calls: number;
  failedCalls: number;
  resumedCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** The same counts per model: the writer's calls and the checker's (told apart by their keys). */
  byRole: Record<Role, RoleUsage>;
  /** Summed over the replies: the models' time, not the wall clock. */
  modelMs: number;
  /** Wall-clock time since this session began (calls run side by side, so less than `modelMs`). */
  elapsedMs: number;
}

/**
 * Keeps a construction's progress as its replies are stored: a reply replays only its own
 * story (its key starts with the plan's key), so a long construction is not replayed whole at
 * every call.
 */
export class BuildTracker {
  readonly #plans: readonly BuildPlan[];
  readonly #options: BuildOptions;
  readonly #replies = new Map<string, string | null>();
  readonly #done: boolean[];
  readonly #passed: boolean[];
  readonly #now: () => number;
  readonly #started: number;
  #progress: BuildProgress;

  constructor(
    plans: readonly BuildPlan[],
    options: BuildOptions,
    stored: readonly ItemResult[],
    now: () => number = Date.now
  ) {
    this.#now = now;
    this.#started = now();
    this.#plans = plans;
    this.#options = options;
    this.#done = plans.map(() => false);
    this.#passed = plans.map(() => false);
    this.#progress = {
      stories: plans.length,
      storiesDone: 0,
      storiesPassed: 0,
      calls: 0,
      failedCalls: 0,
      resumedCalls: stored.length,
      promptTokens: 0,
      completionTokens: 0,
      byRole: { writer: noUsage(), checker: noUsage() },
      modelMs: 0,
      elapsedMs: 0
    };
    for (const result of stored) this.#count(result);
    plans.forEach((_, i) => {
      this.#replay(i);
    });
  }

  /** Counts a reply just stored, and replays its story. */
  record(result: ItemResult): BuildProgress {
    this.#count(result);
    const story = this.#plans.findIndex((p) => result.itemKey.startsWith(`${p.key}/`));
    if (story >= 0) this.#replay(story);
    return this.snapshot();
  }

  snapshot(): BuildProgress {
    const { writer, checker } = this.#progress.byRole;
    return {
      ...this.#progress,
      byRole: { writer: { ...writer }, checker: { ...checker } },
      elapsedMs: this.#now() - this.#started
    };
  }

  #count(result: ItemResult): void {
    this.#replies.set(result.itemKey, result.output);
    const p = this.#progress;
    p.calls++;
    if (result.output === null) p.failedCalls++;
    const prompt = result.usage?.promptTokens ?? 0;
    const completion = result.usage?.completionTokens ?? 0;
    p.promptTokens += prompt;
    p.completionTokens += completion;
    const role = p.byRole[roleOfCallKey(result.itemKey)];
    role.calls++;
    role.promptTokens += prompt;
    role.completionTokens += completion;
    p.modelMs += result.latencyMs;
  }

  #replay(story: number): void {
    const outcome = buildStory(this.#plans[story]!, this.#replies, this.#options).outcome;
    this.#done[story] = outcome !== undefined;
    this.#passed[story] = outcome?.status === 'passed';
    this.#progress.storiesDone = this.#done.filter(Boolean).length;
    this.#progress.storiesPassed = this.#passed.filter(Boolean).length;
  }
}

function noUsage(): RoleUsage {
  return { calls: 0, promptTokens: 0, completionTokens: 0 };
}

/**
 * The prices a user entered for a construction's two models (per million tokens), each
 * optional. Kept with the construction in this browser, never in its file.
 */
export const constructionPricesSchema = z.strictObject({
  writer: tokenPricesSchema.optional(),
  checker: tokenPricesSchema.optional()
});
export type ConstructionPrices = z.infer<typeof constructionPricesSchema>;

/** What the counted tokens cost: per priced model, and in all once both are priced. */
export interface BuildCost {
  writer?: number;
  checker?: number;
  total?: number;
}

/** The cost so far at the prices entered; undefined when no price is entered. */
export function buildCost(progress: BuildProgress, prices: ConstructionPrices | undefined): BuildCost | undefined {
  if (prices?.writer === undefined && prices?.checker === undefined) return undefined;
  const cost: BuildCost = {};
  for (const role of ['writer', 'checker'] as const) {
    const price = prices[role];
    const usage = progress.byRole[role];
    if (price !== undefined)
      cost[role] = costOf({ inputTokens: usage.promptTokens, outputTokens: usage.completionTokens }, price);
  }
  if (cost.writer !== undefined && cost.checker !== undefined) cost.total = cost.writer + cost.checker;
  return cost;
}

/** A cost as shown: two decimals, or four below a hundredth so a small one is not 0.00. */
export function formatCost(cost: number): string {
  return cost > 0 && cost < 0.01 ? cost.toFixed(4) : cost.toFixed(2);
}

/** One line on the cost so far: `cost 1.23 (writer 1.00, checker 0.23)`, naming a model not priced. */
export function costLine(cost: BuildCost): string {
  const part = (role: Role): string =>
    cost[role] === undefined ? `${role} not priced` : `${role} ${formatCost(cost[role])}`;
  const parts = `${part('writer')}, ${part('checker')}`;
  return cost.total === undefined ? `cost ${parts}` : `cost ${formatCost(cost.total)} (${parts})`;
}
