import { version } from '$app/environment';
import { CHECK_KINDS, checkTemplateHash, DEFAULT_CHECK_TEMPLATES } from '$lib/core/checks/check-templates';
import { datasetHash } from '$lib/core/dataset/hash';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import {
  checkRunKind,
  checkStoriesOf,
  type CheckRunInput,
  type CheckRunSummary,
  type CheckStory
} from '$lib/core/run-kinds/check-run';
import { checkConsistency, type CheckConsistency } from '$lib/core/run-kinds/check-consistency';
import { replyCapFor } from '$lib/core/runner/reply-cap';
import type { CheckRunConfig } from '$lib/core/schema/check-run';
import type { ItemResult, ModelIdentity, RunLimits, Sampling } from '$lib/core/schema/run';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { createCheckRun, getCheckRun, listCheckRuns, type StoredCheckRun } from '$lib/storage/check-runs';
import { responsesOf } from '$lib/storage/runs';
import { loadRunDataset } from './load-run-dataset';

export type { StoredCheckRun };

/** Each check three times, as the release runs them. */
export const DEFAULT_APP_CHECK_SAMPLES = 3;

/** A check run as the Run page asks it: the dataset by id and its categories, the model and samples. */
export interface CheckRequest {
  datasetId: string;
  categories: string[];
  samples: number;
  model: ModelIdentity;
  sampling: Sampling;
  concurrency: number;
  limits: RunLimits;
}

/** Check replies are a reasoning per value and lines of evidence: value extraction's reply cap. */
export const maxReplyBytesOf = (config: CheckRunConfig): number =>
  config.limits?.maxReplyBytes ?? replyCapFor('extraction');

/** Checks a request, records the check run (before any call) and returns its id. */
export async function recordNewCheckRun(request: CheckRequest): Promise<string> {
  if (request.model.provider === 'baseline')
    throw new UserError('a baseline cannot check stories: choose a model');
  if (!Number.isInteger(request.samples) || request.samples < 1 || request.samples > 10)
    throw new UserError('samples must be a whole number from 1 to 10');
  const { dataset } = await loadRunDataset(request.datasetId, request.categories);
  if (Object.keys(dataset.categories).length === 0)
    throw new UserError('the dataset has none of the chosen categories');
  storiesOf(dataset);
  const config: CheckRunConfig = {
    kind: 'check',
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
    categories: Object.keys(dataset.categories),
    checks: [...CHECK_KINDS],
    samples: request.samples,
    templateHash: await checkTemplateHash(DEFAULT_CHECK_TEMPLATES, ''),
    model: request.model,
    sampling: request.sampling,
    concurrency: request.concurrency,
    ...(Object.keys(request.limits).length > 0 ? { limits: request.limits } : {}),
    environment: { appVersion: version, userAgent: navigator.userAgent },
    createdAt: new Date().toISOString()
  };
  const id = crypto.randomUUID();
  await createCheckRun(database, id, config);
  return id;
}

/** The stories to check, or what keeps the dataset from being checked. */
function storiesOf(dataset: RunDataset): CheckStory[] {
  try {
    return checkStoriesOf(dataset);
  } catch (e) {
    throw new UserError(`the stories cannot be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** What a check run asks, rebuilt from its record; refused when the stories changed since it started. */
export async function inputOf(run: StoredCheckRun): Promise<CheckRunInput> {
  const { config } = run;
  const { dataset } = await loadRunDataset(config.dataset.id, config.categories);
  if ((await datasetHash(dataset.categories)) !== config.dataset.sha256)
    throw new UserError(
      `the stories of "${config.dataset.name}" changed since this check run started; its verdicts are about other texts`
    );
  if (config.templateHash !== (await checkTemplateHash(DEFAULT_CHECK_TEMPLATES, '')))
    throw new UserError(
      'this check run was begun with another version of the check prompts; its remaining verdicts would not be comparable: start a new check run'
    );
  return { stories: storiesOf(dataset), checks: config.checks, samples: config.samples };
}

export function checkRunRecord(id: string): Promise<StoredCheckRun | undefined> {
  return getCheckRun(database, id);
}

/** What a check run's page shows: its record, its pass rates and verdicts, and what its calls cost. */
export interface CheckRunPage {
  run: StoredCheckRun;
  summary: CheckRunSummary;
  /** Self-consistency of the samples, per check and group, in the order of `summary.rates`. */
  consistency: CheckConsistency[];
  stories: readonly CheckStory[];
  calls: { planned: number; answered: number; failed: number };
  usage: { promptTokens: number; completionTokens: number; latencyMs: number };
  /** Stored replies that no longer read back. */
  damaged: number;
}

export async function checkRunPage(id: string): Promise<CheckRunPage> {
  const run = await getCheckRun(database, id);
  if (run === undefined) throw new UserError(`check run ${id} is not in this browser`);
  const [input, { results, damaged }] = await Promise.all([inputOf(run), responsesOf(database, id)]);
  const summary = checkRunKind.summarise(input, results);
  return {
    run,
    summary,
    consistency: checkConsistency(summary, input.samples),
    stories: input.stories,
    calls: {
      planned: checkRunKind.plan(input).length,
      answered: results.filter((r) => r.output !== null).length,
      failed: results.filter((r) => r.output === null).length
    },
    usage: usageOf(results),
    damaged
  };
}

function usageOf(results: readonly ItemResult[]): CheckRunPage['usage'] {
  const sum = { promptTokens: 0, completionTokens: 0, latencyMs: 0 };
  for (const r of results) {
    sum.promptTokens += r.usage?.promptTokens ?? 0;
    sum.completionTokens += r.usage?.completionTokens ?? 0;
    sum.latencyMs += r.latencyMs;
  }
  return sum;
}

/** The check runs in this browser, newest first. */
export async function checkRunList(): Promise<StoredCheckRun[]> {
  return (await listCheckRuns(database)).checkRuns;
}

/** The newest check run's verdicts on one story, found by its text (the verdicts' quotes point into it). */
export interface StoryChecks {
  run: StoredCheckRun;
  story: CheckStory;
  checks: CheckRunSummary['stories'];
}

/**
 * The verdicts of the newest check run of this dataset that has replies about the story with
 * this text; check runs whose stories changed since are passed over (their quotes point into
 * other texts).
 */
export async function latestStoryChecks(
  datasetId: string,
  category: string,
  text: string
): Promise<StoryChecks | undefined> {
  for (const run of await checkRunList()) {
    if (run.config.dataset.id !== datasetId || !run.config.categories.includes(category)) continue;
    let input: CheckRunInput;
    try {
      input = await inputOf(run);
    } catch {
      continue;
    }
    const story = input.stories.find((s) => s.category === category && s.text === text);
    if (story === undefined) continue;
    const prefix = `${story.category}/${String(story.story)}/`;
    const { results } = await responsesOf(database, run.id);
    const mine = results.filter((r) => r.itemKey.startsWith(prefix) && r.output !== null);
    if (mine.length === 0) continue;
    const { stories } = checkRunKind.summarise({ ...input, stories: [story] }, mine);
    return { run, story, checks: stories.filter((c) => c.answered > 0) };
  }
  return undefined;
}
