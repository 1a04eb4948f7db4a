import type { RunProgress } from '$lib/core/runner/progress';
import { userMessage, UserError } from '$lib/core/user-message';
import {
  entryPlace,
  itemsStoredBefore,
  nextSuiteEntry,
  recordSuiteStatus,
  startSuiteEntry,
  suiteLeaderboardQuery,
  suiteRecord,
  type StoredSuite,
  type SuiteSpec
} from '$lib/data/suites';

/** `elsewhere`: another tab of this browser drives the suite (see run-lock.ts). */
export type SuiteStatus = 'preparing' | 'running' | 'paused' | 'stopped' | 'done' | 'cancelled' | 'elsewhere';

/**
 * Where the suite this tab drives stands, for its one progress view: which entry is running,
 * and the items done over the whole suite (the entries before, and the current run's progress).
 */
export class SuiteState {
  status: SuiteStatus = $state('preparing');
  /** The entry being run, or last run. */
  index = $state(0);
  /** The current entry's run. */
  runId: string | undefined = $state();
  /** Items the runs of the entries before `index` have stored. */
  storedBefore = $state(0);

  constructor(
    readonly id: string,
    readonly spec: SuiteSpec,
    /** Items each entry's run asks, from its plan. */
    readonly planned: readonly number[]
  ) {}

  get total(): number {
    return this.planned.reduce((a, b) => a + b, 0);
  }

  get finished(): boolean {
    return this.status === 'done' || this.status === 'cancelled';
  }

  /** `run 2 of 4: attitude, plain, 1-shot`. */
  get place(): string {
    return entryPlace(this.spec, this.index);
  }

  /** Items done over the whole suite, given the progress of the run in this tab. */
  done(progress: RunProgress | undefined, runId: string | undefined): number {
    if (this.status === 'done') return this.total;
    return this.storedBefore + (progress !== undefined && runId === this.runId ? progress.done : 0);
  }

  /** What the page says when the suite ends (a stopped run's own message says why). */
  endMessage(): string | undefined {
    const runs = `${String(this.spec.entries.length)} runs of ${this.spec.model.model}`;
    if (this.status === 'done') return `Suite finished: ${runs}.`;
    if (this.status === 'paused') return `Suite paused at ${this.place}.`;
    if (this.status === 'cancelled') return `Suite cancelled at ${this.place}; the runs it made are kept.`;
    return undefined;
  }

  /** The leaderboard's query showing the suite's rows. */
  get leaderboardQuery(): string {
    return suiteLeaderboardQuery(this.spec);
  }
}

/** Items each entry of a suite asks, from the runs' own plans (loaded when a suite is shown). */
export async function plannedItems(spec: SuiteSpec): Promise<number[]> {
  const { estimateSuite } = await import('$lib/data/suite-estimate');
  return (await estimateSuite(spec)).entries.map((e) => e.items);
}

/** A suite at rest (paused or stopped), as a page shows it to resume or cancel. */
export async function restingSuite(stored: StoredSuite): Promise<SuiteState> {
  const next = await nextSuiteEntry(stored);
  const suite = new SuiteState(stored.id, stored.spec, await plannedItems(stored.spec));
  suite.status = stored.status === 'running' ? 'paused' : stored.status;
  suite.index = next?.index ?? stored.spec.entries.length - 1;
  suite.runId = stored.runIds[suite.index];
  suite.storedBefore = await itemsStoredBefore(stored, suite.index);
  return suite;
}

export type SuiteEnd = 'done' | 'paused' | 'stopped' | 'cancelled' | 'elsewhere';

/** What the suite needs of the controller: the one run path, and what the user asked. */
export interface SuiteHooks {
  /** Runs (starts or resumes) one run as any run is; its status when its calls end. */
  run(runId: string): Promise<string>;
  /** A pause or cancel the user asked for since the suite started. */
  halt(): 'paused' | 'cancelled' | undefined;
  /** What the last run ended with (a stopped run says why). */
  message(): string;
}

/**
 * The suite's entries in order: the first not finished resumes (or starts), and when its run is
 * done the next starts. Ends with the run that pauses, stops or is cancelled, and records how.
 */
export async function runSuiteEntries(suite: SuiteState, hooks: SuiteHooks): Promise<SuiteEnd> {
  try {
    for (;;) {
      const stored = await suiteRecord(suite.id);
      if (stored === undefined) throw new UserError('the suite is no longer in this browser');
      const next = await nextSuiteEntry(stored);
      const halt = hooks.halt();
      if (next === undefined || halt !== undefined) return await ended(suite, next ? halt : 'done', '');
      suite.index = next.index;
      suite.storedBefore = await itemsStoredBefore(stored, next.index);
      suite.status = 'running';
      await recordSuiteStatus(suite.id, 'running');
      suite.runId = next.runId ?? (await startSuiteEntry(stored, next.index));
      const status = await hooks.run(suite.runId);
      if (status === 'done' || status === 'preparing') continue;
      if (status === 'elsewhere') return 'elsewhere';
      if (status === 'paused' || status === 'stopped' || status === 'cancelled')
        return await ended(suite, status, hooks.message());
      throw new Error(`a suite's run ended as ${status}`);
    }
  } catch (e) {
    await recordSuiteStatus(suite.id, 'stopped', userMessage(e));
    suite.status = 'stopped';
    throw e;
  }
}

async function ended(
  suite: SuiteState,
  status: 'done' | 'paused' | 'stopped' | 'cancelled' | undefined,
  message: string
): Promise<SuiteEnd> {
  const end = status ?? 'done';
  await recordSuiteStatus(suite.id, end, end === 'stopped' ? message : undefined);
  suite.status = end;
  return end;
}
