import { version } from '$app/environment';
import { runItems, type RunOutcome, type RunProgress } from '$lib/core/runner/runner';
import type { RunItem } from '$lib/core/runner/plan';
import type { ChatModel } from '$lib/core/ports';
import { detectWebGpu } from '$lib/models/webllm/detect';
import { planForConfig } from '$lib/core/runner/plan-config';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { buildRunConfig, type RunConfigRequest } from '$lib/core/runner/run-config';
import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import type { ItemResult, ModelIdentity, RunConfig, Sampling } from '$lib/core/schema/run';
import { loadRunDataset } from '$lib/data/load-run-dataset';
import { judgeModelFor, modelForRun } from '$lib/data/run-model';
import { userMessage, UserError } from '$lib/core/user-message';
import {
  checkedRunDataset,
  judgingConfigFor,
  judgeOutcome,
  judgingPlan,
  pendingJudgings,
  templateRefusal,
  type JudgeOutcome,
  type JudgeRequest
} from '$lib/data/judging';
import { database } from '$lib/storage/instance';
import {
  createJudging,
  getJudging,
  interruptedJudgings,
  judgingsOf,
  setJudgingStatus
} from '$lib/storage/judgings';
import { createRun, getRun, IndexedDbResultStore, listRuns, setRunStatus } from '$lib/storage/runs';
import { isoNow } from './time';
import { endOf, type PhaseEnd } from './run-outcome';
import { runLocks, type RunLocks } from './run-lock';

/** A run as the Run page asks it: the dataset by id and categories; where and when are added here. */
export interface RunRequest extends Omit<RunConfigRequest, 'dataset' | 'environment' | 'createdAt'> {
  datasetId: string;
  categories: string[];
  /** Value extraction: the judge that scores the predictions once the model has answered. */
  judge?: JudgeRequest;
}

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
      const config = await runConfigFor(request);
      if (config.task === 'extraction' && request.judge === undefined)
        throw new UserError('value extraction needs a judge model');
      const id = crypto.randomUUID();
      // Checked before anything is stored, so a bad judge setting leaves no run behind.
      const judging = request.judge && (await judgingConfigFor(id, request.judge));
      await createRun(database, id, config, 0);
      // The judging waits ('paused') until the model has answered; the run then starts it.
      if (judging) await createJudging(database, crypto.randomUUID(), judging, 'paused');
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
      const run = await getRun(database, runId);
      if (run?.config.task !== 'extraction' || run.status !== 'done')
        throw new UserError('only a finished value-extraction run can be judged again');
      const id = crypto.randomUUID();
      await createJudging(database, id, await judgingConfigFor(runId, judge), 'paused');
      return () => this.#execute(runId, id);
    });
  }

  /** Resumes one paused or stopped judging of a finished run; a refusal comes back as the message. */
  async resumeJudging(judgingId: string): Promise<string | undefined> {
    return this.#prepared(async () => {
      const judging = await getJudging(database, judgingId);
      const run = judging && (await getRun(database, judging.runId));
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
    const { runs } = await listRuns(database);
    const run = runs.find((r) => r.status === 'running');
    if (run !== undefined) {
      await this.resume(run.id, 'Resuming a run that was interrupted.');
      return run.id;
    }
    const judging = (await interruptedJudgings(database))[0];
    if (judging === undefined) return undefined;
    await this.resume(judging.runId, 'Resuming a judging that was interrupted.', judging.id);
    return judging.runId;
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
    const run = await getRun(database, id);
    if (run === undefined) throw new UserError(`run ${id} is not in this browser`);
    this.runId = id;
    this.judgingId = undefined;
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    if (run.status !== 'done') {
      const end = await this.#modelPhase(id, run.config);
      await recorded(end, setRunStatus(database, id, end.status, end.message));
      if (end.status !== 'done') {
        // A cancelled run will not be judged: its waiting judgings are cancelled with it.
        if (end.status === 'cancelled') await this.#cancelJudgings(id);
        return;
      }
    } else {
      this.progress = undefined;
    }
    if (run.config.task === 'extraction')
      for (const judging of pendingJudgings((await judgingsOf(database, id)).judgings, judgingId)) {
        const end = await this.#judgePhase(judging.id);
        await recorded(end, setJudgingStatus(database, judging.id, end.status, end.message));
        if (end.status !== 'done') return;
      }
    // Nothing was left to ask.
    if (this.status === 'preparing') this.status = 'done';
  }

  async #modelPhase(id: string, config: RunConfig): Promise<PhaseEnd> {
    const { concurrency } = config;
    const { dataset, bench } = await checkedRunDataset(config);
    const items = planForConfig(config, dataset, DEFAULT_TEMPLATES, (story) => exampleFor(bench, story));
    const model = this.loaded(config.model) ?? modelForRun(config.model, dataset, config.task, concurrency);
    this.phase = 'model';
    this.model = config.model;
    this.progress = undefined;
    await database.runs.update(id, { total: items.length });
    await setRunStatus(database, id, 'running');
    return this.#calls(model, items, id, config.sampling, concurrency, (p) => {
      this.progress = p;
    });
  }

  async #judgePhase(judgingId: string): Promise<PhaseEnd> {
    const judging = await getJudging(database, judgingId);
    const run = judging && (await getRun(database, judging.runId));
    if (judging === undefined || run === undefined)
      throw new UserError('the judging is no longer in this browser');
    this.phase = 'judge';
    this.judgingId = judgingId;
    // Verdicts asked with another prompt would not be comparable with those already stored.
    const refused = await templateRefusal(judging.config.templateHash);
    if (refused !== undefined) {
      this.status = 'stopped';
      this.message = refused;
      return { status: 'stopped', message: refused };
    }
    const items = await judgingPlan(run, judging);
    const model = this.loaded(judging.config.judge) ?? judgeModelFor(judging.config.judge);
    this.judgeProgress = undefined;
    this.judgeOutcome = undefined;
    await setJudgingStatus(database, judgingId, 'running', undefined, items.length);
    const end = await this.#calls(model, items, judgingId, judging.config.sampling, undefined, (p) => {
      this.judgeProgress = p;
    });
    this.judgeOutcome = await judgeOutcome(run, judging).catch(() => undefined);
    return end;
  }

  /** One phase's calls, stored under `storeId` (a run's or a judging's id), and how they ended. */
  async #calls(
    model: ChatModel,
    items: readonly RunItem[],
    storeId: string,
    sampling: Sampling,
    concurrency: number | undefined,
    onProgress: (p: RunProgress) => void
  ): Promise<PhaseEnd> {
    const store = new IndexedDbResultStore(database);
    const held = this.#unsaved.filter((u) => u.storeId === storeId);
    this.#unsaved = this.#unsaved.filter((u) => u.storeId !== storeId);
    for (const { result } of held) await store.save(storeId, result);
    this.status = 'running';
    this.#pausing = false;
    this.#abort = new AbortController();
    const outcome: RunOutcome = await runItems(
      model,
      items,
      store,
      storeId,
      { sampling, ...(concurrency === undefined ? {} : { concurrency }) },
      { signal: this.#abort.signal, onProgress }
    );
    onProgress(outcome.progress);
    this.#unsaved.push(...outcome.unsaved.map((result) => ({ storeId, result })));
    const end = endOf(outcome, this.#pausedByUser());
    this.status = end.status;
    if (end.message !== undefined) this.message = end.message;
    return end;
  }

  async #cancelJudgings(runId: string): Promise<void> {
    for (const judging of pendingJudgings((await judgingsOf(database, runId)).judgings))
      await setJudgingStatus(database, judging.id, 'cancelled');
  }
}

/** Waits for a status to be stored; with storage full, that may fail, and the message already says why. */
async function recorded(end: PhaseEnd, write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    if (end.storageFull !== true) throw e;
  }
}

/** The recorded configuration of a new run: what was asked, with hashes of its dataset and prompts. */
async function runConfigFor(request: RunRequest): Promise<RunConfig> {
  const { dataset } = await loadRunDataset(request.datasetId, request.categories);
  return buildRunConfig({
    ...request,
    dataset,
    environment: { appVersion: version, userAgent: navigator.userAgent, ...(await gpuAdapter()) },
    createdAt: isoNow()
  });
}

/** The GPU adapter, recorded with a run because in-browser engines' results can depend on it. */
async function gpuAdapter(): Promise<{ gpuAdapter?: string }> {
  const detection = await detectWebGpu(navigator).catch(() => undefined);
  if (detection?.status !== 'available') return {};
  const { adapter, shaderF16 } = detection;
  return {
    gpuAdapter: `${adapter.label}${adapter.isFallback ? ' (software)' : ''}${shaderF16 ? ', shader-f16' : ''}`
  };
}

/** Asks the browser not to evict this site's storage, so stored runs survive disk pressure. */
async function requestPersistentStorage(): Promise<void> {
  // Older browsers have no StorageManager at all.
  if ('storage' in navigator) await navigator.storage.persist().catch(() => false);
}
