import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import type { ChatModel, ResultStore } from '$lib/core/ports';
import type { PhaseEnd } from '$lib/core/runner/phase-end';
import type { RunItem } from '$lib/core/runner/plan';
import { taskRunKind } from '$lib/core/run-kinds/task-run';
import type { ModelIdentity, RunConfig } from '$lib/core/schema/run';
import { replyCapFor } from '$lib/core/runner/reply-cap';
import type { RunOptions } from '$lib/core/runner/run-options';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { setJudgingStatus } from '$lib/storage/judgings';
import { IndexedDbResultStore, setRunStatus, setRunTotal } from '$lib/storage/runs';
import { checkedRunDataset, judgeOutcome, judgingPlan, templateRefusal, type JudgeOutcome } from './judging';
import { checkModelFor, judgeModelFor, modelForRun } from './run-model';
import { checkRunRecord, inputOf, maxReplyBytesOf } from './check-runs';
import { checkRunKind } from '$lib/core/run-kinds/check-run';
import { setCheckRunStatus } from '$lib/storage/check-run-status';
import { judgingRecord, runRecord } from './run-records';

/** Finds a model loaded in this tab (a local engine) by the identity a run recorded. */
export type LoadedModels = (identity: ModelIdentity) => ChatModel | undefined;

/**
 * One phase of calls, ready to run on the engine: a run's model answering its items, a judge
 * judging them, or a model checking stories. The controller runs every phase the same way; what differs between
 * kinds (the plan, the model, the record the phase updates) is settled here.
 */
export interface PreparedPhase {
  phase: 'model' | 'judge';
  /** The id its results are stored under (the run's, or the judging's). */
  storeId: string;
  items: RunItem[];
  model: ChatModel;
  /** The model as the record names it. */
  identity: ModelIdentity;
  /** Sampling and the limits the run recorded (requests in flight, timeout, tries, reply cap). */
  options: RunOptions;
  store: ResultStore;
  /** Marks the record as running, with the number of items. */
  begin(): Promise<void>;
  /** Records how the phase ended. */
  end(end: PhaseEnd): Promise<void>;
}

/** The run's model answering the items it has not answered yet (the dataset must be unchanged). */
export async function modelPhase(runId: string, loaded: LoadedModels): Promise<PreparedPhase> {
  const run = await runRecord(runId);
  if (run === undefined) throw new UserError(`run ${runId} is not in this browser`);
  const { config } = run;
  const { dataset, bench } = await checkedRunDataset(config);
  const items = taskRunKind.plan({
    config,
    dataset,
    templates: DEFAULT_TEMPLATES,
    example: (story) => exampleFor(bench, story)
  });
  return {
    phase: 'model',
    storeId: runId,
    items,
    model: loaded(config.model) ?? modelForRun(config, dataset),
    identity: config.model,
    options: {
      sampling: config.sampling,
      ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
      ...timing(config),
      maxReplyBytes: config.limits?.maxReplyBytes ?? replyCapFor(config.task)
    },
    store: new IndexedDbResultStore(database),
    begin: async () => {
      await setRunTotal(database, runId, items.length);
      await setRunStatus(database, runId, 'running');
    },
    end: (end) => recorded(end, setRunStatus(database, runId, end.status, end.message))
  };
}

/**
 * A judge judging the run's predictions, or the reason it cannot go on: verdicts asked with
 * another judge prompt would not be comparable with those already stored.
 */
export async function judgePhase(
  judgingId: string,
  loaded: LoadedModels
): Promise<PreparedPhase & { outcome: () => Promise<JudgeOutcome | undefined> }> {
  const judging = await judgingRecord(judgingId);
  const run = judging && (await runRecord(judging.runId));
  if (judging === undefined || run === undefined)
    throw new UserError('the judging is no longer in this browser');
  const refused = await templateRefusal(judging.config.templateHash);
  if (refused !== undefined) {
    await setJudgingStatus(database, judgingId, 'stopped', refused);
    throw new UserError(refused);
  }
  const items = await judgingPlan(run, judging);
  return {
    phase: 'judge',
    storeId: judgingId,
    items,
    model: loaded(judging.config.judge) ?? judgeModelFor(judging.config.judge),
    identity: judging.config.judge,
    // The judge keeps the run's timeout and tries; its replies are a line per value, so the
    // short tasks' cap is ample.
    options: {
      sampling: judging.config.sampling,
      ...timing(run.config),
      maxReplyBytes: replyCapFor('attitude')
    },
    store: new IndexedDbResultStore(database),
    begin: () => setJudgingStatus(database, judgingId, 'running', undefined, items.length),
    end: (end) => recorded(end, setJudgingStatus(database, judgingId, end.status, end.message)),
    outcome: () => judgeOutcome(run, judging).catch(() => undefined)
  };
}

/** The checking model asking what the check run has not stored yet. */
export async function checkPhase(id: string, loaded: LoadedModels): Promise<PreparedPhase> {
  const run = await checkRunRecord(id);
  if (run === undefined) throw new UserError(`check run ${id} is not in this browser`);
  const { config } = run;
  let items;
  try {
    items = checkRunKind.plan(await inputOf(run));
  } catch (e) {
    if (e instanceof UserError) await setCheckRunStatus(database, id, 'stopped', e.message);
    throw e;
  }
  return {
    phase: 'model',
    storeId: id,
    items,
    model: loaded(config.model) ?? checkModelFor(config.model, config.concurrency, maxReplyBytesOf(config)),
    identity: config.model,
    options: {
      sampling: config.sampling,
      ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
      ...timing(config),
      maxReplyBytes: maxReplyBytesOf(config)
    },
    store: new IndexedDbResultStore(database),
    begin: () => setCheckRunStatus(database, id, 'running', undefined, items.length),
    end: (end) => recorded(end, setCheckRunStatus(database, id, end.status, end.message))
  };
}

/** The timeout and tries a run (or check run) recorded, when the user changed them. */
export function timing(config: Pick<RunConfig, 'limits'>): Pick<RunOptions, 'timeoutMs' | 'maxAttempts'> {
  const { timeoutMs, maxAttempts } = config.limits ?? {};
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts })
  };
}

/** Waits for a status to be stored; with storage full, that may fail, and the message already says why. */
export async function recorded(end: PhaseEnd, write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    if (end.storageFull !== true) throw e;
  }
}
