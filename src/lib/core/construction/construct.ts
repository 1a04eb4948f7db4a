import type { ChatModel, ResultStore } from '../ports';
import type { RunItem } from '../runner/plan';
import { runItems, type RunHooks, type RunOptions, type RunOutcome } from '../runner/runner';
import type { ItemResult, PartialResult } from '../schema/run';
import { buildStory, type BuildOptions, type BuildPlan, type BuildState, type Role } from './build-story';

/**
 * Builds stories on the one run engine: every story's recipe is replayed over the replies stored
 * so far (build-story.ts), the next call of each unfinished story is asked, the writer's and the
 * checker's calls each through `runItems` with their own model and options, and the replay goes
 * on until every story has an outcome. The engine stores each reply before it counts, so a
 * construction stopped at any point (closed tab, killed process) resumes from its stored replies
 * and asks nothing twice; the same replies always rebuild the same stories.
 */
export interface ConstructionModels {
  writer: { model: ChatModel; options: RunOptions };
  checker: { model: ChatModel; options: RunOptions };
}

export interface ConstructionResult {
  /** Each story where it stands, in plan order: its versions, checks and outcome. */
  stories: BuildState[];
  /** How the last engine pass ended: anything but `completed` left some story unfinished. */
  outcome: RunOutcome | undefined;
  /** Calls asked in this session (resumed replies are not asked again). */
  asked: number;
}

export async function runConstruction(
  models: ConstructionModels,
  plans: readonly BuildPlan[],
  options: BuildOptions,
  store: ResultStore,
  runId: string,
  stored: readonly ItemResult[],
  hooks: RunHooks = {}
): Promise<ConstructionResult> {
  const replies = new Map<string, string | null>(stored.map((r) => [r.itemKey, r.output]));
  // Every reply the engine stores is also kept here, for the next replay.
  const recording: ResultStore = {
    storedKeys: (id) => store.storedKeys(id),
    ...(store.failedKeys ? { failedKeys: (id: string) => store.failedKeys!(id) } : {}),
    async save(id, result) {
      await store.save(id, result);
      replies.set(result.itemKey, result.output);
    },
    ...(store.savePartial
      ? { savePartial: (id: string, key: string, p: PartialResult) => store.savePartial!(id, key, p) }
      : {}),
    ...(store.partials ? { partials: (id: string) => store.partials!(id) } : {})
  };
  let outcome: RunOutcome | undefined;
  let asked = 0;
  for (;;) {
    const states = plans.map((plan) => buildStory(plan, replies, options));
    const next = states.flatMap((s, story) => (s.next ? [{ call: s.next, story, plan: plans[story]! }] : []));
    if (next.length === 0 || hooks.signal?.aborted) return { stories: states, outcome, asked };
    const byRole = (role: Role): RunItem[] =>
      next
        .filter((n) => n.call.role === role)
        .map(({ call, story, plan }) => ({
          key: call.key,
          category: plan.category,
          story,
          messages: call.messages,
          check: call.check
        }));
    const passes = (['writer', 'checker'] as const)
      .map((role) => ({ role, items: byRole(role) }))
      .filter((p) => p.items.length > 0);
    const outcomes = await Promise.all(
      passes.map(({ role, items }) =>
        runItems(models[role].model, items, recording, runId, models[role].options, hooks)
      )
    );
    asked += outcomes.reduce((n, o) => n + o.progress.done - o.progress.resumed, 0);
    const ended = outcomes.find((o) => o.status !== 'completed');
    outcome = ended ?? outcomes[0];
    if (ended) return { stories: plans.map((plan) => buildStory(plan, replies, options)), outcome, asked };
    // A store that counts a call as stored without handing its reply to the replay would make
    // the next pass ask for the same calls forever: refuse it, naming the calls.
    const missing = next.filter((n) => !replies.has(n.call.key)).map((n) => n.call.key);
    if (missing.length > 0)
      throw new Error(
        `the store holds ${missing.length} call(s) whose replies it did not give back (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): construction ${runId} cannot go on`
      );
  }
}
