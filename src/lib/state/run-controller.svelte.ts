import type { RunOutcome, RunProgress } from '$lib/core/runner/runner';
import { endOf, type PhaseEnd } from '$lib/core/runner/phase-end';
import type { ChatModel } from '$lib/core/ports';
import type { ItemResult, ModelIdentity } from '$lib/core/schema/run';
import { userMessage, UserError } from '$lib/core/user-message';
import { judgingConfigFor, templateRefusal, type JudgeOutcome, type JudgeRequest } from '$lib/data/judging';
import { requestPersistentStorage, runConfigFor, type RunRequest } from '$lib/data/new-run';
import type { PreparedPhase } from '$lib/data/run-phases';
import {
  cancelWaitingJudgings,
  interruptedWork,
  judgingRecord,
  judgingsToDo,
  recordNewJudging,
  recordNewRun,
  runRecord
} from '$lib/data/run-records';
import { isoNow } from './time';
import { runLocks, type RunLocks } from './run-lock';

// The run engine and the providers load when a phase starts, not with the Run page: most visits
// to it start nothing, and the page must stay light.
const phases = () => import('$lib/data/run-phases');
const engine = () => import('$lib/core/runner/runner');

export type { RunRequest };

/** `elsewhere`: another tab of this browser is making the run's calls (see run-lock.ts). */
export type RunStatus =
  'idle' | 'preparing' | 'running' | 'paused' | 'stopped' | 'done' | 'cancelled' | 'elsewhere';

/** Which calls are being made: the run's model's, or a judge's (value extraction). */
export type RunPhase = 'model' | 'judge';

/**
 * The run in progress in this tab: starts, pauses, resumes and cancels it, and keeps its
 * progress for the pages to show. A value-extraction run has a second phase, its judgings,
 * run after the model's calls with the same controls. Every response is in IndexedDB before it
 * is counted, so a closed tab loses nothing; `resumeInterrupted` picks up a run or a judging
 * left unfinished when the app opens again.
 */
export class RunController {
  runId: string | undefined = $state();
  /** The judging whose calls are being made or were made last. */
  judgingId: string | undefined = $state();
  phase: RunPhase = $state('model');
  status: RunStatus = $state('idle');
  progress: RunProgress | undefined = $state();
  judgeProgress: RunProgress | undefined = $state();
  /** What the last judging's calls gave, once they ended. */
  judgeOutcome: JudgeOutcome | undefined = $state();
  message = $state('');
  /** The model the run in progress calls (a baseline calls none). */
  model: ModelIdentity | undefined = $state();
  /** With status `elsewhere`: the other tab no longer drives the run, so this one may take over. */
  otherTabGone = $state(false);
  #abort: AbortController | undefined;
  #pausing = false;
  // Responses received while storage was full, with the run or judging they belong to:
  // saved first when the work resumes.
  #unsaved: { storeId: string; result: ItemResult }[] = [];

  /** `loaded` finds a model loaded in this tab (a local engine) by the identity a run recorded. */
  constructor(
    private readonly loaded: (identity: ModelIdentity) => ChatModel | undefined = () => undefined,
    private readonly locks: RunLocks = runLocks()
  ) {}

  get busy(): boolean {
    return this.status === 'preparing' || this.status === 'running';
  }

  /**
   * Starts a run. What is refused before anything is stored (a setting, the dataset) comes back
   * as the message for the form that asked; what goes wrong later is in `message`.
   */
  async start(request: RunRequest): Promise<string | undefined> {
    return this.#prepared(async () => {
      const config = await runConfigFor(request, isoNow());
      if (config.task === 'extraction' && request.judge === undefined)
        throw new UserError('value extraction needs a judge model');
      const id = crypto.randomUUID();
      // Checked before anything is stored, so a bad judge setting leaves no run behind.
      const judging = request.judge && (await judgingConfigFor(id, request.judge));
      // The judging waits ('paused') until the model has answered; the run then starts it.
      await recordNewRun(id, config, judging);
      await requestPersistentStorage();
      return () => this.#execute(id);
    });
  }

  /**
   * Judges a finished value-extraction run again (another judge, or more samples); the model is
   * not asked, and only the new judging runs: an older one left unfinished waits for its own Resume.
   */
  async rejudge(runId: string, judge: JudgeRequest): Promise<string | undefined> {
    return this.#prepared(async () => {
      const run = await runRecord(runId);
      if (run?.config.task !== 'extraction' || run.status !== 'done')
        throw new UserError('only a finished value-extraction run can be judged again');
      const id = await recordNewJudging(await judgingConfigFor(runId, judge));
      return () => this.#execute(runId, id);
    });
  }

  /** Resumes one paused or stopped judging of a finished run; a refusal comes back as the message. */
  async resumeJudging(judgingId: string): Promise<string | undefined> {
    return this.#prepared(async () => {
      const judging = await judgingRecord(judgingId);
      const run = judging && (await runRecord(judging.runId));
      if (judging === undefined || run === undefined)
        throw new UserError('the judging is no longer in this browser');
      if (run.status !== 'done')
        throw new UserError('the run’s own calls are not finished: resume the run first');
      const refused = await templateRefusal(judging.config.templateHash);
      if (refused !== undefined) throw new UserError(refused);
      return () => this.#execute(run.id, judgingId);
    });
  }

  /** Resumes a run: its model's calls if unfinished, then its waiting judging (or only `judgingId`). */
  async resume(id: string, notice = '', judgingId?: string): Promise<void> {
    if (this.busy) return;
    this.#begin(notice);
    try {
      await this.#execute(id, judgingId);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Resumes what this tab was doing last: the run, or the judging it was in. */
  async resumeCurrent(): Promise<void> {
    if (this.runId === undefined) return;
    await this.resume(this.runId, '', this.phase === 'judge' ? this.judgingId : undefined);
  }

  /** Resumes the newest run, or else judging, that a closed tab or a crash left unfinished. */
  async resumeInterrupted(): Promise<string | undefined> {
    if (this.busy) return undefined;
    const work = await interruptedWork();
    if (work === undefined) return undefined;
    const notice =
      work.judgingId === undefined
        ? 'Resuming a run that was interrupted.'
        : 'Resuming a judging that was interrupted.';
    await this.resume(work.runId, notice, work.judgingId);
    return work.runId;
  }

  pause(): void {
    this.#pausing = true;
    this.#abort?.abort();
  }

  // Read through a method: the flag changes while the run awaits, which narrowing cannot see.
  #pausedByUser(): boolean {
    return this.#pausing;
  }

  cancel(): void {
    this.#pausing = false;
    this.#abort?.abort();
  }

  #begin(notice: string): void {
    this.status = 'preparing';
    this.message = notice;
  }

  #fail(e: unknown): void {
    this.status = 'stopped';
    this.message = userMessage(e);
  }

  /**
   * Runs `prepare` (checks and writes before any call); if it throws, nothing changes here and
   * its message is returned for the form that asked. Then runs the calls it returns.
   */
  async #prepared(prepare: () => Promise<() => Promise<void>>): Promise<string | undefined> {
    if (this.busy) return 'Calls are being made in this tab: pause them or wait for them to end first.';
    const before = { status: this.status, message: this.message };
    this.#begin('');
    let calls: () => Promise<void>;
    try {
      calls = await prepare();
    } catch (e) {
      this.status = before.status;
      this.message = before.message;
      return userMessage(e);
    }
    try {
      await calls();
    } catch (e) {
      this.#fail(e);
    }
    return undefined;
  }

  /** The run's calls, unless another tab is making them: then this tab waits to be able to take over. */
  async #execute(id: string, judgingId?: string): Promise<void> {
    if (await this.locks.hold(id, () => this.#executeHeld(id, judgingId))) return;
    this.runId = id;
    this.status = 'elsewhere';
    this.otherTabGone = false;
    this.message = 'This run is running in another tab of this browser; that tab makes its calls.';
    void this.locks.whenFree(id).then(() => {
      if (this.status !== 'elsewhere' || this.runId !== id) return;
      this.otherTabGone = true;
      this.message =
        'The other tab no longer runs this run (it was closed, paused or finished): take over to go on here.';
    });
  }

  /**
   * The model's calls (skipped when the run is done), then the judgings the run still has to do:
   * only `judgingId` when given (a re-judging, or a judging resumed on its own).
   */
  async #executeHeld(id: string, judgingId?: string): Promise<void> {
    const run = await runRecord(id);
    if (run === undefined) throw new UserError(`run ${id} is not in this browser`);
    this.runId = id;
    this.judgingId = undefined;
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    if (run.status !== 'done') {
      const status = await this.#phase(await (await phases()).modelPhase(id, this.loaded));
      if (status !== 'done') {
        if (status === 'cancelled') await cancelWaitingJudgings(id);
        return;
      }
    } else {
      this.progress = undefined;
    }
    if (run.config.task === 'extraction')
      for (const judging of await judgingsToDo(id, judgingId)) {
        this.phase = 'judge';
        this.judgingId = judging.id;
        const prepared = await (await phases()).judgePhase(judging.id, this.loaded);
        const status = await this.#phase(prepared);
        this.judgeOutcome = await prepared.outcome();
        if (status !== 'done') return;
      }
    // Nothing was left to ask.
    if (this.status === 'preparing') this.status = 'done';
  }

  /**
   * One phase's calls on the run engine, the same for every kind of phase: responses held from
   * a full disk are saved first, the record is marked running, and how the calls ended is
   * recorded and shown.
   */
  async #phase(prepared: PreparedPhase): Promise<PhaseEnd['status']> {
    const { storeId, store } = prepared;
    const onProgress = (p: RunProgress): void => {
      if (prepared.phase === 'model') this.progress = p;
      else this.judgeProgress = p;
    };
    this.phase = prepared.phase;
    if (prepared.phase === 'model') {
      this.model = prepared.identity;
      this.progress = undefined;
    } else {
      this.judgeProgress = undefined;
      this.judgeOutcome = undefined;
    }
    await prepared.begin();
    const held = this.#unsaved.filter((u) => u.storeId === storeId);
    this.#unsaved = this.#unsaved.filter((u) => u.storeId !== storeId);
    for (const { result } of held) await store.save(storeId, result);
    this.status = 'running';
    this.#pausing = false;
    this.#abort = new AbortController();
    const { runItems } = await engine();
    const outcome: RunOutcome = await runItems(
      prepared.model,
      prepared.items,
      store,
      storeId,
      prepared.options,
      {
        signal: this.#abort.signal,
        onProgress
      }
    );
    onProgress(outcome.progress);
    this.#unsaved.push(...outcome.unsaved.map((result) => ({ storeId, result })));
    const end = endOf(outcome, this.#pausedByUser());
    this.status = end.status;
    if (end.message !== undefined) this.message = end.message;
    await prepared.end(end);
    return end.status;
  }
}
