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
  interruptedCheckRun,
  interruptedConstruction,
  interruptedWork,
  judgingRecord,
  judgingsToDo,
  recordNewJudging,
  recordNewRun,
  runRecord
} from '$lib/data/run-records';
import {
  recordNewSuite,
  recordSuiteStatus,
  suiteRecord,
  suiteSpecFor,
  unfinishedSuite,
  type SuiteRequest
} from '$lib/data/suites';
import type { CheckRequest } from '$lib/data/check-runs';
import type { BuildRequest, PreparedConstruction } from '$lib/data/constructions';
import type { BuildProgress, ConstructionPrices } from '$lib/core/construction/build-progress';
import type { ResultStore } from '$lib/core/ports';
import { isoNow } from './time';
import { runLocks, type RunLocks } from './run-lock';
import type { SuiteState } from './suite-state.svelte';

// The run engine and the providers load when a phase starts, not with the Run page: most visits
// to it start nothing, and the page must stay light.
const phases = () => import('$lib/data/run-phases');
const engine = () => import('$lib/core/runner/runner');
// A suite's state loads when a suite starts or is shown.
const suites = () => import('./suite-state.svelte');
// Check runs (the stories' quality checks) load only when one starts or resumes.
const checkRuns = () => import('$lib/data/check-runs');
// Constructions (stories built and checked by models) load only when one starts or resumes.
const constructions = () => import('$lib/data/constructions');
const constructionEngine = () => import('$lib/core/construction/construct');
/** A suite's Web Lock: one tab drives a suite, as one tab drives a run. */
const suiteLock = (id: string): string => `suite:${id}`;

export type { RunRequest, SuiteRequest, CheckRequest, BuildRequest };

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
  /**
   * What `runId` names: a task run, a check run (the stories' quality checks by a model), or a
   * construction (stories built by a writer model and checked by a checking model).
   */
  kind: 'run' | 'check' | 'build' = $state('run');
  /** A construction's stories and calls, counted from its stored replies. */
  buildProgress: BuildProgress | undefined = $state();
  /** The prices its cost is counted at, when the user entered them. */
  buildPrices: ConstructionPrices | undefined = $state();
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
  /** The suite this tab drives or drove last; undefined while a run outside a suite is shown. */
  suite: SuiteState | undefined = $state();
  #abort: AbortController | undefined;
  #pausing = false;
  // What the user asked of the suite: honoured once the run in progress has ended.
  #suiteHalt: 'paused' | 'cancelled' | undefined;
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
      this.suite = undefined;
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
      this.suite = undefined;
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
      this.suite = undefined;
      return () => this.#execute(run.id, judgingId);
    });
  }

  /** Resumes a run: its model's calls if unfinished, then its waiting judging (or only `judgingId`). */
  async resume(id: string, notice = '', judgingId?: string): Promise<void> {
    if (this.busy) return;
    this.#begin(notice);
    this.suite = undefined;
    try {
      await this.#execute(id, judgingId);
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * Starts a check run: a model runs the three quality checks on each story, k samples each.
   * Refused before anything is stored when a setting or the dataset will not do.
   */
  async startCheck(request: CheckRequest): Promise<string | undefined> {
    return this.#prepared(async () => {
      const id = await (await checkRuns()).recordNewCheckRun(request);
      await requestPersistentStorage();
      this.suite = undefined;
      return () => this.#executeCheck(id);
    });
  }

  /** Resumes a check run: only the calls it has not stored are asked. */
  async resumeCheck(id: string, notice = ''): Promise<void> {
    if (this.busy) return;
    this.#begin(notice);
    this.suite = undefined;
    try {
      await this.#executeCheck(id);
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * Starts a construction: stories drawn by the seed, each written, checked and fixed by its
   * recipe. Refused before anything is stored when a setting will not do.
   */
  async startBuild(request: BuildRequest): Promise<string | undefined> {
    return this.#prepared(async () => {
      const id = await (await constructions()).recordNewConstruction(request);
      await requestPersistentStorage();
      this.suite = undefined;
      return () => this.#executeBuild(id);
    });
  }

  /** Resumes a construction: its stories are rebuilt from the stored replies and only missing calls are asked. */
  async resumeBuild(id: string, notice = ''): Promise<void> {
    if (this.busy) return;
    this.#begin(notice);
    this.suite = undefined;
    try {
      await this.#executeBuild(id);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Resumes what this tab was doing last: the suite, the run, the judging, the check run or the construction it was in. */
  async resumeCurrent(): Promise<void> {
    if (this.suite !== undefined && !this.suite.finished) {
      await this.resumeSuite(this.suite.id);
      return;
    }
    if (this.runId === undefined) return;
    if (this.kind === 'check') {
      await this.resumeCheck(this.runId);
      return;
    }
    if (this.kind === 'build') {
      await this.resumeBuild(this.runId);
      return;
    }
    await this.resume(this.runId, '', this.phase === 'judge' ? this.judgingId : undefined);
  }

  /**
   * Resumes what a closed tab or a crash left unfinished: a suite left running, else the newest
   * run (or judging) left running. A suite the user paused, or that stopped, is shown to resume.
   */
  async resumeInterrupted(): Promise<string | undefined> {
    if (this.busy) return undefined;
    const suite = await unfinishedSuite();
    if (suite?.status === 'running') {
      await this.resumeSuite(suite.id, 'Resuming a suite that was interrupted.');
      return this.runId;
    }
    const work = await interruptedWork();
    if (work === undefined) {
      const checkId = await interruptedCheckRun();
      if (checkId !== undefined) {
        await this.resumeCheck(checkId, 'Resuming a check run that was interrupted.');
        return checkId;
      }
      const buildId = await interruptedConstruction();
      if (buildId !== undefined) {
        await this.resumeBuild(buildId, 'Resuming a construction that was interrupted.');
        return buildId;
      }
      if (suite !== undefined && this.status === 'idle') {
        try {
          this.suite = await (await suites()).restingSuite(suite);
          this.message = suite.statusMessage ?? '';
        } catch (e) {
          // Its dataset may be gone: say why it cannot be shown rather than fail silently.
          this.message = `A suite left unfinished cannot go on: ${userMessage(e)}`;
        }
      }
      return undefined;
    }
    const notice =
      work.judgingId === undefined
        ? 'Resuming a run that was interrupted.'
        : 'Resuming a judging that was interrupted.';
    await this.resume(work.runId, notice, work.judgingId);
    return work.runId;
  }

  /**
   * Starts a suite: its runs, one after another, each through the same path as a run started on
   * its own. Refused before anything is stored when a setting or the dataset will not do.
   */
  async startSuite(request: SuiteRequest): Promise<string | undefined> {
    return this.#prepared(async () => {
      const { spec } = suiteSpecFor(request);
      const { plannedItems, SuiteState } = await suites();
      // Planned before anything is stored: a category the dataset cannot run is refused here.
      const planned = await plannedItems(spec);
      const id = await recordNewSuite(spec);
      await requestPersistentStorage();
      const suite = new SuiteState(id, spec, planned);
      return () => this.#driveSuite(suite);
    });
  }

  /** Resumes a suite: the run it was in asks only what it has not stored, then the next ones start. */
  async resumeSuite(id: string, notice = ''): Promise<void> {
    if (this.busy) return;
    this.#begin(notice);
    try {
      const stored = await suiteRecord(id);
      if (stored === undefined) throw new UserError('the suite is no longer in this browser');
      const { plannedItems, SuiteState } = await suites();
      const suite =
        this.suite?.id === id ? this.suite : new SuiteState(id, stored.spec, await plannedItems(stored.spec));
      await this.#driveSuite(suite);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Cancels a suite that is not making calls (paused or stopped): no further run starts. */
  async cancelSuite(): Promise<void> {
    const suite = this.suite;
    if (suite === undefined || this.busy || suite.finished) return;
    await recordSuiteStatus(suite.id, 'cancelled');
    suite.status = 'cancelled';
    this.message = suite.endMessage() ?? '';
  }

  /**
   * Forgets a run deleted from this browser, so nothing offers to resume or open it. A run whose
   * calls are being made cannot be deleted (see deleteStoredRun), so this one is at rest.
   */
  forget(runId: string): void {
    if (this.runId !== runId || this.busy) return;
    this.runId = undefined;
    this.kind = 'run';
    this.judgingId = undefined;
    this.progress = undefined;
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    this.buildProgress = undefined;
    this.buildPrices = undefined;
    this.model = undefined;
    this.status = 'idle';
    this.message = '';
  }

  pause(): void {
    if (this.suite !== undefined) this.#suiteHalt = 'paused';
    this.#pausing = true;
    this.#abort?.abort();
  }

  // Read through a method: the flag changes while the run awaits, which narrowing cannot see.
  #pausedByUser(): boolean {
    return this.#pausing;
  }

  cancel(): void {
    if (this.suite !== undefined) this.#suiteHalt = 'cancelled';
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
    this.kind = 'run';
    this.#elsewhere(id, 'run', () => this.runId === id);
  }

  /** The check run's calls, unless another tab is making them. */
  async #executeCheck(id: string): Promise<void> {
    this.runId = id;
    this.kind = 'check';
    this.judgingId = undefined;
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    const held = await this.locks.hold(id, async () => {
      await this.#phase(await (await phases()).checkPhase(id, this.loaded));
    });
    if (held) return;
    this.#elsewhere(id, 'run', () => this.runId === id);
  }

  /** The construction's calls, unless another tab is making them. */
  async #executeBuild(id: string): Promise<void> {
    this.runId = id;
    this.kind = 'build';
    this.judgingId = undefined;
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    this.progress = undefined;
    const held = await this.locks.hold(id, async () => {
      await this.#construct(await (await constructions()).prepareConstruction(id, this.loaded));
    });
    if (held) return;
    this.#elsewhere(id, 'run', () => this.runId === id);
  }

  /**
   * A construction's calls: its stories replayed over the stored replies, the next call of each
   * asked on the run engine (writer and checker each with its model), until every story has an
   * outcome. Each stored reply moves the progress on.
   */
  async #construct(prepared: PreparedConstruction): Promise<void> {
    const { id, tracker } = prepared;
    this.phase = 'model';
    this.model = prepared.models.writer.model.identity;
    this.buildPrices = prepared.prices;
    this.buildProgress = tracker.snapshot();
    await prepared.begin();
    const inner = prepared.store;
    const store: ResultStore = {
      storedKeys: (runId) => inner.storedKeys(runId),
      ...(inner.failedKeys ? { failedKeys: (runId: string) => inner.failedKeys!(runId) } : {}),
      save: async (runId, result) => {
        await inner.save(runId, result);
        this.buildProgress = tracker.record(result);
      },
      ...(inner.savePartial ? { savePartial: inner.savePartial.bind(inner) } : {}),
      ...(inner.partials ? { partials: inner.partials.bind(inner) } : {})
    };
    const held = this.#unsaved.filter((u) => u.storeId === id);
    this.#unsaved = this.#unsaved.filter((u) => u.storeId !== id);
    const stored = [...prepared.stored];
    for (const { result } of held) {
      await store.save(id, result);
      stored.push(result);
    }
    this.status = 'running';
    this.#pausing = false;
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    const { runConstruction } = await constructionEngine();
    const result = await runConstruction(
      prepared.models,
      prepared.plans,
      prepared.options,
      store,
      id,
      stored,
      {
        signal,
        onProgress: (p) => {
          this.progress = p;
        }
      }
    );
    if (result.outcome)
      this.#unsaved.push(...result.outcome.unsaved.map((r) => ({ storeId: id, result: r })));
    const unfinished = result.stories.some((s) => s.outcome === undefined);
    const end: PhaseEnd =
      result.outcome === undefined || (result.outcome.status === 'completed' && unfinished)
        ? unfinished
          ? { status: this.#pausedByUser() ? 'paused' : 'cancelled' }
          : { status: 'done' }
        : endOf(result.outcome, this.#pausedByUser());
    this.buildProgress = tracker.snapshot();
    this.status = end.status;
    if (end.message !== undefined) this.message = end.message;
    await prepared.end(end, this.buildProgress.storiesDone);
  }

  /** Another tab holds `lock`: say so, and say when this tab may take over. */
  #elsewhere(lock: string, what: 'run' | 'suite', current: () => boolean): void {
    this.status = 'elsewhere';
    this.otherTabGone = false;
    this.message = `This ${what} is running in another tab of this browser; that tab makes its calls.`;
    void this.locks.whenFree(lock).then(() => {
      if (this.status !== 'elsewhere' || !current()) return;
      this.otherTabGone = true;
      this.message = `The other tab no longer runs this ${what} (it was closed, paused or finished): take over to go on here.`;
    });
  }

  /** A suite's runs, unless another tab drives it. */
  async #driveSuite(suite: SuiteState): Promise<void> {
    this.suite = suite;
    this.#suiteHalt = undefined;
    const lock = suiteLock(suite.id);
    if (await this.locks.hold(lock, () => this.#driveSuiteHeld(suite))) return;
    suite.status = 'elsewhere';
    this.#elsewhere(lock, 'suite', () => this.suite === suite);
  }

  async #driveSuiteHeld(suite: SuiteState): Promise<void> {
    const end = await (
      await suites()
    ).runSuiteEntries(suite, {
      run: async (runId) => {
        this.progress = undefined;
        this.judgeProgress = undefined;
        await this.#execute(runId);
        const status = this.status;
        // Still busy between two runs: no other run may start in this tab meanwhile.
        if (status === 'done') this.status = 'preparing';
        return status;
      },
      halt: () => this.#suiteHalt,
      message: () => this.message
    });
    if (end === 'elsewhere') return;
    this.status = end;
    this.message = suite.endMessage() ?? this.message;
  }

  /**
   * The model's calls (skipped when the run is done), then the judgings the run still has to do:
   * only `judgingId` when given (a re-judging, or a judging resumed on its own).
   */
  async #executeHeld(id: string, judgingId?: string): Promise<void> {
    const run = await runRecord(id);
    if (run === undefined) throw new UserError(`run ${id} is not in this browser`);
    this.runId = id;
    this.kind = 'run';
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
