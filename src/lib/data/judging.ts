import { UserError } from '$lib/core/user-message';
import { version } from '$app/environment';
import { DEFAULT_JUDGE_SAMPLING } from '$lib/core/schema/judging';
import { extractionGold, type ExtractionGold } from '$lib/core/extraction/gold';
import { judgeTemplateHash } from '$lib/core/prompts/extraction-templates';
import { datasetHash } from '$lib/core/dataset/hash';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { RunItem } from '$lib/core/runner/plan';
import type { HumanVerdict, JudgingConfig } from '$lib/core/schema/judging';
import { buildJudgingConfig } from '$lib/core/runner/run-config';
import type { ItemResult, ModelIdentity, RunConfig, Sampling } from '$lib/core/schema/run';
import type { ShippedBenchmark } from '$lib/core/dataset/shipped-benchmark';
import { database } from '$lib/storage/instance';
import { deleteJudging, judgingsOf, type StoredJudging } from '$lib/storage/judgings';
import { reviewsOf } from '$lib/storage/reviews';
import { responsesOf, setScoringJudging, type StoredRun } from '$lib/storage/runs';
import { loadRunDataset } from './load-run-dataset';

export type { StoredJudging };

// The judging's plan and summary (the judge prompts, verdict parsing, scoring) load when a judging
// runs or ends, not with the forms that only ask for a judge.
const judgingRunKind = () => import('$lib/core/run-kinds/judging');

/** What a user chooses for a judge: the model, how many samples per item, and its sampling. */
export interface JudgeRequest {
  model: ModelIdentity;
  samples: number;
  sampling: Sampling;
}

/** A judge request from a form's fields: the shared judge sampling at the chosen temperature. */
export function judgeRequestOf(model: ModelIdentity, samples: number, temperature: number): JudgeRequest {
  return { model, samples, sampling: { ...DEFAULT_JUDGE_SAMPLING, temperature } };
}

export async function judgingConfigFor(runId: string, request: JudgeRequest): Promise<JudgingConfig> {
  return buildJudgingConfig({
    runId,
    judge: request.model,
    sampling: request.sampling,
    samples: request.samples,
    environment: { appVersion: version, userAgent: navigator.userAgent },
    createdAt: new Date().toISOString()
  });
}

/** A run's dataset, refused when it changed since the run started (its prompts and gold would differ). */
export async function checkedRunDataset(
  config: RunConfig
): Promise<{ dataset: RunDataset; bench: ShippedBenchmark }> {
  const loaded = await loadRunDataset(config.dataset.id, config.categories);
  if ((await datasetHash(loaded.dataset.categories)) !== config.dataset.sha256) {
    throw new UserError(
      `the dataset "${config.dataset.name}" has changed since this run started; start a new run`
    );
  }
  return loaded;
}

/** The judge calls of a judging: one per sample of each item that has a prediction. */
export async function judgingPlan(run: StoredRun, judging: StoredJudging): Promise<RunItem[]> {
  const [{ dataset }, { results }] = await Promise.all([
    checkedRunDataset(run.config),
    responsesOf(database, run.id)
  ]);
  const { judgingKind } = await judgingRunKind();
  return judgingKind.plan({
    gold: extractionGold(dataset),
    runResults: results,
    samples: judging.config.samples
  });
}

/**
 * Why a judging cannot be completed by this version of the app, if it cannot: its verdicts so
 * far were asked with another judge prompt, and the rest would not be comparable with them.
 */
export async function templateRefusal(templateHash: string): Promise<string | undefined> {
  if (templateHash === (await judgeTemplateHash())) return undefined;
  return 'This judging was begun with another version of the judge prompt, so its remaining verdicts would not be comparable with those stored: judge the run again instead.';
}

/** What a judging gave, in the counts the Run page shows when its calls end. */
export interface JudgeOutcome {
  /** Null when no gold value could be counted. */
  score: number | null;
  judged: number;
  unparseable: number;
  judgeFailed: number;
  refused: number;
}

export async function judgeOutcome(run: StoredRun, judging: StoredJudging): Promise<JudgeOutcome> {
  const [{ dataset }, { results }, judged] = await Promise.all([
    loadRunDataset(run.config.dataset.id, run.config.categories),
    responsesOf(database, run.id),
    responsesOf(database, judging.id)
  ]);
  const { judgingKind } = await judgingRunKind();
  const summary = judgingKind.summarise(
    { gold: extractionGold(dataset), runResults: results, samples: judging.config.samples },
    judged.results
  );
  return {
    score: summary.score,
    judged: summary.judged,
    unparseable: summary.unparseable,
    judgeFailed: summary.judgeFailed,
    refused: summary.judgeUsage.refused
  };
}

/**
 * Judgings a resumed run still has to do, oldest first: those not finished and not cancelled;
 * only `only` when given, so one judging can be run without the others.
 */
export function pendingJudgings(judgings: readonly StoredJudging[], only?: string): StoredJudging[] {
  return judgings.filter(
    (j) => j.status !== 'done' && j.status !== 'cancelled' && (only === undefined || j.id === only)
  );
}

export interface JudgingView {
  judging: StoredJudging;
  results: ItemResult[];
  damaged: number;
}

/** Everything a value-extraction run's page shows, read from storage (nothing is asked of any model). */
export interface ExtractionRunView {
  dataset: RunDataset;
  gold: ExtractionGold[];
  results: ItemResult[];
  judgings: JudgingView[];
  reviews: HumanVerdict[];
  /** The dataset differs from the one the run recorded: stories and gold values may not match the answers. */
  datasetChanged: boolean;
  /** Stored records left out because they no longer validate. */
  damaged: { responses: number; judgings: number; reviews: number };
}

export async function extractionRunView(run: StoredRun): Promise<ExtractionRunView> {
  const [{ dataset }, { results, damaged }, stored, { reviews, damaged: badReviews }] = await Promise.all([
    loadRunDataset(run.config.dataset.id, run.config.categories),
    responsesOf(database, run.id),
    judgingsOf(database, run.id),
    reviewsOf(database, run.id)
  ]);
  const judgings = await Promise.all(
    stored.judgings.map(async (judging) => ({ judging, ...(await responsesOf(database, judging.id)) }))
  );
  return {
    dataset,
    gold: extractionGold(dataset),
    results,
    judgings,
    reviews,
    datasetChanged: (await datasetHash(dataset.categories)) !== run.config.dataset.sha256,
    damaged: { responses: damaged, judgings: stored.damaged, reviews: badReviews }
  };
}

/** Makes a judging the one that scores its run (on its page, the leaderboard and in exports). */
export async function chooseScoringJudging(runId: string, judgingId: string): Promise<void> {
  await setScoringJudging(database, runId, judgingId);
}

/** Deletes a judging with its replies; the run is scored by another one from then on. */
export async function removeJudging(judgingId: string): Promise<void> {
  await deleteJudging(database, judgingId);
}
