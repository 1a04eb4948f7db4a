import { rowIdentity, rowLabel } from '$lib/core/analysis/identity';
import type { BundleStatus } from '$lib/core/analysis/bundle';
import type { ChosenRun } from '$lib/core/analysis/compare-choices';
import type { RunInput } from '$lib/core/analysis/aggregate';
import type { ScoredRun } from '$lib/core/analysis/score';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { RunConfig } from '$lib/core/schema/run';
import { loadRunDataset } from '$lib/data/load-run-dataset';
import { database } from '$lib/storage/instance';
import { runInputOf } from '$lib/storage/aggregates';
import { scoreInWorker } from './analysis-client';
import { getRun } from '$lib/storage/runs';
import { loadPublishedRun } from './published';

/** A run ready to be looked into: stored in this browser, or published with the site. */
export interface LoadedRun {
  id: string;
  label: string;
  origin: 'local' | 'published';
  /** The published bundle's file name. */
  file?: string;
  config: RunConfig;
  dataset: RunDataset;
  scored: ScoredRun;
  /** A published bundle's check: verified, rescored or edited (undefined for a run of this browser). */
  bundle?: BundleStatus;
}

/** The stored material of a run in this browser, or undefined when there is no such run. */
export async function localRunInput(id: string): Promise<RunInput | undefined> {
  const run = await getRun(database, id);
  if (run === undefined) return undefined;
  return runInputOf(database, run, await loadRunDataset(run.config.dataset.id, run.config.categories));
}

export async function loadLocalRun(id: string): Promise<LoadedRun | undefined> {
  const run = await getRun(database, id);
  if (run === undefined) return undefined;
  const items = await loadRunDataset(run.config.dataset.id, run.config.categories);
  // Scored in the analysis worker: a large run's responses took seconds to validate and score.
  const { scored } = await scoreInWorker(run, items);
  return {
    id,
    label: rowLabel(await rowIdentity(run.config)),
    origin: 'local',
    config: run.config,
    dataset: items.dataset,
    scored
  };
}

export async function loadBundleRun(fetcher: typeof fetch, base: string, file: string): Promise<LoadedRun> {
  const run = await loadPublishedRun(fetcher, base, file);
  return {
    id: run.aggregate.runId,
    label: rowLabel(run.aggregate.identity),
    origin: 'published',
    file,
    config: run.config,
    dataset: run.dataset,
    scored: run.scored,
    bundle: run.status
  };
}

/** A chosen run: a published bundle, or a run of this browser (undefined when there is none). */
export function loadChosenRun(
  fetcher: typeof fetch,
  base: string,
  choice: ChosenRun
): Promise<LoadedRun | undefined> {
  return choice.origin === 'published' ? loadBundleRun(fetcher, base, choice.file) : loadLocalRun(choice.id);
}
