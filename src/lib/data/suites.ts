import { DEFAULT_FILTER, toSearchParams } from '$lib/core/analysis/filters';
import { rowModelName } from '$lib/core/analysis/identity';
import type { RunnableTask } from '$lib/core/dataset/run-dataset';
import type { ModelIdentity, RunLimits, Sampling } from '$lib/core/schema/run';
import { entryLabel, suiteSpecSchema, type SuiteEntry, type SuiteSpec } from '$lib/core/schema/suite';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { storedResponseCount } from '$lib/storage/runs';
import {
  createSuite,
  createSuiteRun,
  getSuite,
  newestUnfinishedSuite,
  setSuiteStatus,
  type StoredSuite
} from '$lib/storage/suites';
import { judgingConfigFor, type JudgeRequest } from './judging';
import { runConfigFor, type RunRequest } from './new-run';
import { judgingsToDo, runRecord } from './run-records';

export type { StoredSuite, SuiteEntry, SuiteSpec };
export { entryLabel };

/** A prompt setting as a suite form offers it: plain or reasoning, zero- or one-shot. */
export interface PromptChoice {
  reasoning: boolean;
  shots: 0 | 1;
}

/** A suite as the Run page asks it: one model, the tasks and settings ticked, the categories. */
export interface SuiteRequest {
  datasetId: string;
  categories: string[];
  tasks: RunnableTask[];
  settings: PromptChoice[];
  model: ModelIdentity;
  sampling: Sampling;
  concurrency?: number;
  limits?: RunLimits;
  systemPrompt: string;
  /** Needed when value extraction is ticked. */
  judge?: JudgeRequest;
}

/**
 * The runs of a suite, task by task in the order ticked, each under every setting ticked, and
 * notes on what was left out. Value extraction has one prompt shape (an analysis, then the
 * values) and no worked example, so it runs once when a zero-shot setting is ticked and not at
 * all for one-shot settings alone.
 */
export function planSuiteEntries(
  tasks: readonly RunnableTask[],
  settings: readonly PromptChoice[]
): { entries: SuiteEntry[]; notes: string[] } {
  const entries: SuiteEntry[] = [];
  const notes: string[] = [];
  for (const task of new Set(tasks)) {
    if (task !== 'extraction') {
      const seen = new Set<string>();
      for (const s of settings) {
        const key = `${String(s.reasoning)}/${String(s.shots)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ task, reasoning: s.reasoning, shots: s.shots });
      }
      continue;
    }
    const zeroShot = settings.some((s) => s.shots === 0);
    if (zeroShot) entries.push({ task, reasoning: true, shots: 0 });
    if (settings.some((s) => s.shots === 1))
      notes.push(
        zeroShot
          ? 'Value extraction is zero-shot only, with one prompt shape: it runs once, and not under the one-shot settings.'
          : 'Value extraction is zero-shot only: with only one-shot settings ticked it is left out.'
      );
  }
  return { entries, notes };
}

/** The suite's record from a request, or the reason it cannot be made (nothing is stored). */
export function suiteSpecFor(request: SuiteRequest): { spec: SuiteSpec; notes: string[] } {
  if (request.tasks.length === 0) throw new UserError('Tick at least one task.');
  if (request.settings.length === 0) throw new UserError('Tick at least one prompt setting.');
  if (request.categories.length === 0) throw new UserError('Choose the categories to run.');
  const { entries, notes } = planSuiteEntries(request.tasks, request.settings);
  if (entries.length === 0) throw new UserError(notes.join(' ') || 'The suite has no run to make.');
  const extraction = entries.some((e) => e.task === 'extraction');
  if (extraction && request.model.provider === 'baseline')
    throw new UserError('A baseline cannot list values: untick value extraction or choose a model.');
  if (extraction && request.judge === undefined) throw new UserError('Value extraction needs a judge model.');
  const spec = suiteSpecSchema.parse({
    datasetId: request.datasetId,
    categories: request.categories,
    model: request.model,
    sampling: request.sampling,
    ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
    ...(request.limits === undefined ? {} : { limits: request.limits }),
    systemPrompt: request.systemPrompt,
    ...(extraction && request.judge ? { judge: request.judge } : {}),
    entries
  });
  return { spec, notes };
}

/** The run request of one entry of a suite. */
export function entryRequest(spec: SuiteSpec, entry: SuiteEntry): RunRequest {
  return {
    datasetId: spec.datasetId,
    categories: spec.categories,
    task: entry.task,
    reasoning: entry.reasoning,
    shots: entry.shots,
    systemPrompt: spec.systemPrompt,
    model: spec.model,
    sampling: spec.sampling,
    ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
    ...(spec.limits === undefined ? {} : { limits: spec.limits }),
    ...(entry.task === 'extraction' && spec.judge ? { judge: spec.judge } : {})
  };
}

/** Stores a new suite, no run started yet; returns its id. */
export async function recordNewSuite(spec: SuiteSpec): Promise<string> {
  const id = crypto.randomUUID();
  await createSuite(database, id, spec);
  return id;
}

export function suiteRecord(id: string): Promise<StoredSuite | undefined> {
  return getSuite(database, id);
}

/** The newest suite left running, paused or stopped (a closed tab, a pause, a failure). */
export function unfinishedSuite(): Promise<StoredSuite | undefined> {
  return newestUnfinishedSuite(database);
}

export function recordSuiteStatus(
  id: string,
  status: StoredSuite['status'],
  message?: string
): Promise<void> {
  return setSuiteStatus(database, id, status, message);
}

/**
 * Where a suite stands: the first entry whose run is not finished (its run id when it has one),
 * or undefined when every entry's run is done with its judging.
 */
export async function nextSuiteEntry(
  suite: StoredSuite
): Promise<{ index: number; runId: string | undefined } | undefined> {
  for (const [index] of suite.spec.entries.entries()) {
    const runId = suite.runIds[index];
    if (runId === undefined) return { index, runId };
    const run = await runRecord(runId);
    // A run deleted from the Runs list is made again.
    if (run === undefined) return { index, runId: undefined };
    if (run.status !== 'done' || (await judgingsToDo(runId)).length > 0) return { index, runId };
  }
  return undefined;
}

/**
 * Starts entry `index` of a suite: its run (and judging) stored and filed under the suite in one
 * step. Returns the entry's run id: the one another tab made, if it made one first.
 */
export async function startSuiteEntry(suite: StoredSuite, index: number): Promise<string> {
  const entry = suite.spec.entries[index];
  if (entry === undefined) throw new Error(`suite ${suite.id} has no entry ${String(index + 1)}`);
  const request = entryRequest(suite.spec, entry);
  const config = await runConfigFor(request, new Date().toISOString());
  const id = crypto.randomUUID();
  const judging = request.judge && (await judgingConfigFor(id, request.judge));
  return createSuiteRun(database, suite.id, index, { id, config, ...(judging ? { judging } : {}) });
}

/** Items stored so far by the runs of the entries before `index`. */
export async function itemsStoredBefore(suite: StoredSuite, index: number): Promise<number> {
  const counts = await Promise.all(
    suite.runIds.slice(0, index).map((runId) => storedResponseCount(database, runId))
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The leaderboard's address showing the suite's rows: its model (on its provider) and dataset,
 * without the reference rows, as a path and query for `resolve`.
 */
export function suiteLeaderboardQuery(spec: SuiteSpec): string {
  return toSearchParams({
    ...DEFAULT_FILTER,
    models: [rowModelName(spec.model)],
    providers: [spec.model.provider],
    dataset: spec.datasetId,
    references: false,
    reported: false
  }).toString();
}

/** The entry as pages name it, with its place: `run 2 of 4: attitude, plain, 1-shot`. */
export function entryPlace(spec: SuiteSpec, index: number): string {
  const entry = spec.entries[index];
  return `run ${String(index + 1)} of ${String(spec.entries.length)}${entry ? `: ${entryLabel(entry)}` : ''}`;
}
