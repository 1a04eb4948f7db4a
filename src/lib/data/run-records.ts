import type { JudgingConfig } from '$lib/core/schema/judging';
import type { RunConfig } from '$lib/core/schema/run';
import { database } from '$lib/storage/instance';
import { interruptedCheckRunId } from '$lib/storage/check-run-status';
import { interruptedConstructionId } from '$lib/storage/construction-status';
import {
  createJudging,
  getJudging,
  interruptedJudgings,
  judgingsOf,
  setJudgingStatus
} from '$lib/storage/judgings';
import { createRun, getRun, listRuns, type StoredRun } from '$lib/storage/runs';
import { pendingJudgings, type StoredJudging } from './judging';

/**
 * The records the Run page's controller keeps: runs and their judgings, created, read and
 * closed here so that the controller holds no storage code of its own.
 */

/** Stores a new run (and the judging that will score it, waiting until the model has answered). */
export async function recordNewRun(id: string, config: RunConfig, judging?: JudgingConfig): Promise<void> {
  await createRun(database, id, config, 0);
  if (judging) await createJudging(database, crypto.randomUUID(), judging, 'paused');
}

/** Stores a new judging of a run, waiting for its calls; returns its id. */
export async function recordNewJudging(config: JudgingConfig): Promise<string> {
  const id = crypto.randomUUID();
  await createJudging(database, id, config, 'paused');
  return id;
}

export function runRecord(id: string): Promise<StoredRun | undefined> {
  return getRun(database, id);
}

export function judgingRecord(id: string): Promise<StoredJudging | undefined> {
  return getJudging(database, id);
}

/** What a closed tab or a crash left unfinished: the newest running run, else the oldest judging. */
export async function interruptedWork(): Promise<{ runId: string; judgingId?: string } | undefined> {
  const run = (await listRuns(database)).runs.find((r) => r.status === 'running');
  if (run !== undefined) return { runId: run.id };
  const judging = (await interruptedJudgings(database))[0];
  return judging === undefined ? undefined : { runId: judging.runId, judgingId: judging.id };
}

/** The newest check run a closed tab or a crash left in the middle of its calls. */
export function interruptedCheckRun(): Promise<string | undefined> {
  return interruptedCheckRunId(database);
}

/** The judgings a run still has to do, oldest first (only `only` when given). */
export async function judgingsToDo(runId: string, only?: string): Promise<StoredJudging[]> {
  return pendingJudgings((await judgingsOf(database, runId)).judgings, only);
}

/** A cancelled run will not be judged: its waiting judgings are cancelled with it. */
export async function cancelWaitingJudgings(runId: string): Promise<void> {
  for (const judging of await judgingsToDo(runId)) await setJudgingStatus(database, judging.id, 'cancelled');
}

/** The newest construction a closed tab or a crash left in the middle of its calls. */
export function interruptedConstruction(): Promise<string | undefined> {
  return interruptedConstructionId(database);
}
