import type { ChatMessage } from '../ports';
import type { ItemResult, PartialResult, StepResult } from '../schema/run';
import { callWithRetries } from './call-with-retries';
import type { RunItem } from './plan';
import type { RunState } from './run-state';
import { addUsage, usageOf } from './usage';

/**
 * What one item has received so far: its earlier replies (`steps`), refused final replies, the
 * calls made and their cost. Built from a partial an earlier session kept, so a resumed item
 * goes on where it stopped.
 */
class ItemReplies {
  readonly steps: StepResult[];
  readonly rejected: string[];
  readonly spent: { calls: number };
  usage: ItemResult['usage'];
  latencyMs: number;
  /** The messages of the item's next call. */
  conversation: ChatMessage[];

  constructor(
    readonly item: RunItem,
    resumed: PartialResult | undefined
  ) {
    this.steps = [...(resumed?.steps ?? [])];
    this.rejected = [...(resumed?.rejected ?? [])];
    this.spent = { calls: resumed?.attempts ?? 0 };
    this.usage = resumed?.usage;
    this.latencyMs = resumed?.latencyMs ?? 0;
    this.conversation = item.messages;
    this.steps.forEach((step, i) => {
      this.#continueWith(step.output, i);
    });
  }

  get followUps(): readonly string[] {
    return this.item.followUps ?? [];
  }

  /** Adds a received reply's cost to the item's. */
  received(usage: ItemResult['usage'], latencyMs: number): void {
    this.usage = addUsage(this.usage, usage);
    this.latencyMs += latencyMs;
  }

  /** Keeps a reply that is not the item's last and moves the conversation to the next follow-up. */
  step(output: string, latencyMs: number, usage: ItemResult['usage']): void {
    const index = this.steps.length;
    this.steps.push({ output, latencyMs, ...(usage === undefined ? {} : { usage }) });
    this.#continueWith(output, index);
  }

  partial(): PartialResult {
    return {
      steps: [...this.steps],
      rejected: [...this.rejected],
      attempts: this.spent.calls,
      latencyMs: this.latencyMs,
      ...(this.usage === undefined ? {} : { usage: this.usage })
    };
  }

  /** The item's result with its last reply `output`, or with `error` when it failed. */
  result(finishedAt: string, end: { output: string } | { error: string; latencyMs: number }): ItemResult {
    const failed = 'error' in end;
    return {
      itemKey: this.item.key,
      output: failed ? null : end.output,
      latencyMs: failed ? this.latencyMs + end.latencyMs : this.latencyMs,
      attempts: this.spent.calls,
      finishedAt,
      ...(failed ? { error: end.error } : {}),
      ...(this.steps.length > 0 ? { steps: this.steps } : {}),
      ...(this.rejected.length > 0 ? { rejected: this.rejected } : {}),
      ...(this.usage === undefined ? {} : { usage: this.usage })
    };
  }

  #continueWith(output: string, index: number): void {
    this.conversation = [
      ...this.conversation,
      { role: 'assistant', content: output },
      { role: 'user', content: this.followUps[index]! }
    ];
  }
}

/**
 * Asks one item: its first message, then each follow-up after the previous reply, then the
 * final reply's check. A failed call is retried alone (earlier replies are kept, not asked
 * again); a refused final reply is asked again up to `maxRejected` times, and the last one is
 * stored whatever it says, so the scorer can show it as unreadable. Each reply that is not the
 * item's last is kept as a partial, so an item stopped between its calls continues from it.
 */
export async function askItem(
  state: RunState,
  item: RunItem,
  resumed: PartialResult | undefined,
  prefillSaved: number,
  signal: AbortSignal
): Promise<void> {
  const replies = new ItemReplies(item, resumable(resumed, item));
  for (;;) {
    const r = await callWithRetries(state, replies.conversation, signal, replies.spent);
    if (r === undefined) return;
    const finishedAt = new Date(state.options.clock.now()).toISOString();
    if (!r.ok) {
      await state.save(replies.result(finishedAt, r), () => {
        state.progress.failedItem();
      });
      return;
    }
    const own = usageOf(r.response.usage);
    replies.received(own, r.latencyMs);
    if (replies.steps.length < replies.followUps.length) {
      replies.step(r.response.text, r.latencyMs, own);
      await state.keep(item.key, replies.partial());
      continue;
    }
    if (item.check?.(r.response.text) !== undefined && replies.rejected.length < state.options.maxRejected) {
      replies.rejected.push(r.response.text);
      await state.keep(item.key, replies.partial());
      state.progress.retried();
      state.report();
      continue;
    }
    // Saved even if the run was cancelled meanwhile: a received response is never thrown away.
    await state.save(replies.result(finishedAt, { output: r.response.text }), () => {
      state.progress.answeredItem(replies.usage, prefillSaved);
    });
    return;
  }
}

/**
 * A stored partial the item can continue from: one whose replies still fit the item's calls
 * (a plan with fewer follow-ups than the partial has steps starts the item afresh).
 */
function resumable(partial: PartialResult | undefined, item: RunItem): PartialResult | undefined {
  if (partial === undefined) return undefined;
  return partial.steps.length > (item.followUps ?? []).length ? undefined : partial;
}
