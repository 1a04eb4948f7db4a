import type { ItemResult } from '../schema/run';
import { buildStory, type BuildOptions, type BuildPlan } from './build-story';

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
    return { ...this.#progress, elapsedMs: this.#now() - this.#started };
  }

  #count(result: ItemResult): void {
    this.#replies.set(result.itemKey, result.output);
    const p = this.#progress;
    p.calls++;
    if (result.output === null) p.failedCalls++;
    p.promptTokens += result.usage?.promptTokens ?? 0;
    p.completionTokens += result.usage?.completionTokens ?? 0;
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
