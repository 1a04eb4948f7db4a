import type { ChatUsage, Clock } from '../ports';

/** What a run has done so far; figures are for this call of `runItems` unless said otherwise. */
export interface RunProgress {
  /** Items in the plan, those stored by earlier runs included. */
  total: number;
  /** Items with a stored result, those stored by earlier runs included. */
  done: number;
  /** Items skipped because an earlier run had stored them (resume). */
  resumed: number;
  /** Of `resumed`, those stored without an output (they failed then). */
  resumedFailed: number;
  /** Items stored with an output. */
  answered: number;
  /** Items stored without an output because every attempt failed. */
  failed: number;
  /** Items started and not yet finished: a request on the way or a retry being waited for. */
  inFlight: number;
  /** Attempts made again after an error. */
  retries: number;
  /** The reason the last failed call gave (retried or not), so a failing run says why; null if none. */
  lastFailure: string | null;
  promptTokens: number;
  completionTokens: number;
  /** Prompt characters each answered item shared with the item started before it. */
  prefillSavedChars: number;
  /** Prompt tokens the engine said it did not process again (a reused prefix), when it says. */
  cachedPromptTokens: number;
  elapsedMs: number;
  /** Items finished (answered or failed) per second of this run. */
  itemsPerSecond: number;
  /** Time left at the current rate; null before any item has finished. */
  etaMs: number | null;
}

/** Counts for one run; the runner owns one per call, so nothing is shared between runs. */
export class ProgressTracker {
  private readonly startedAt: number;
  private answered = 0;
  private failed = 0;
  private inFlight = 0;
  private retries = 0;
  private lastFailure: string | null = null;
  private promptTokens = 0;
  private completionTokens = 0;
  private prefillSavedChars = 0;
  private cachedPromptTokens = 0;

  constructor(
    private readonly clock: Clock,
    private readonly total: number,
    private readonly resumed: number,
    private readonly resumedFailed = 0
  ) {
    this.startedAt = clock.now();
  }

  started(): void {
    this.inFlight++;
  }

  finished(): void {
    this.inFlight--;
  }

  retried(): void {
    this.retries++;
  }

  answeredItem(usage: ChatUsage | undefined, prefillSaved: number): void {
    this.answered++;
    this.prefillSavedChars += prefillSaved;
    if (usage !== undefined) {
      this.promptTokens += usage.promptTokens;
      this.completionTokens += usage.completionTokens;
      this.cachedPromptTokens += usage.cachedPromptTokens ?? 0;
    }
  }

  failure(reason: string): void {
    this.lastFailure = reason;
  }

  failedItem(): void {
    this.failed++;
  }

  snapshot(): RunProgress {
    const elapsedMs = Math.max(0, this.clock.now() - this.startedAt);
    const finished = this.answered + this.failed;
    const done = this.resumed + finished;
    const itemsPerSecond = elapsedMs > 0 ? (finished * 1000) / elapsedMs : 0;
    const left = this.total - done;
    const etaMs = left === 0 ? 0 : itemsPerSecond > 0 ? Math.round((left * 1000) / itemsPerSecond) : null;
    return {
      total: this.total,
      done,
      resumed: this.resumed,
      resumedFailed: this.resumedFailed,
      answered: this.answered,
      failed: this.failed,
      inFlight: this.inFlight,
      retries: this.retries,
      lastFailure: this.lastFailure,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      prefillSavedChars: this.prefillSavedChars,
      cachedPromptTokens: this.cachedPromptTokens,
      elapsedMs,
      itemsPerSecond,
      etaMs
    };
  }
}
