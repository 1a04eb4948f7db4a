import { version } from '$app/environment';
import {
  datasetOfCategories,
  importItemCsv,
  importReleaseResults,
  readRunBundle,
  verifyRunBundle,
  TAMPERED_MESSAGE,
  type RunBundle
} from '$lib/core/analysis';
import { planKeys, type RunDataset } from '$lib/core/dataset/run-dataset';
import { FormatError } from '$lib/core/errors';
import type { ItemResult, RunConfig, Task } from '$lib/core/schema/run';
import { datasetChoices, loadDataset } from '$lib/data/datasets';
import { loadRunDataset } from '$lib/data/run-dataset';
import { database } from '$lib/storage/instance';
import type { NamedText } from './read-files';

export interface ImportOutcome {
  runId: string;
  /** Set when a bundle's stated scores disagree with the recomputed ones. */
  flagged?: string;
}

/** What a value-extraction bundle brings beside its outputs: its judging and people's verdicts. */
interface Judged {
  judgings?: RunBundle['judgings'];
  reviews?: RunBundle['reviews'];
}

/**
 * Stores an imported run with all its responses (and a bundle's judgings and reviews, moved to
 * the new run id) in one transaction: all or nothing.
 */
async function storeRun(
  config: RunConfig,
  results: readonly ItemResult[],
  dataset: RunDataset,
  note: string,
  judged: Judged = {}
): Promise<string> {
  const id = crypto.randomUUID();
  const total = planKeys(datasetOfCategories(dataset, config.categories), config.task).length;
  const now = new Date().toISOString();
  const db = database;
  await db.transaction('rw', [db.runs, db.responses, db.judgings, db.reviews], async () => {
    await db.runs.add({
      id,
      config,
      status: results.length >= total ? 'done' : 'stopped',
      statusMessage: note,
      total,
      createdAt: now,
      updatedAt: now
    });
    await db.responses.bulkPut(results.map((result) => ({ runId: id, itemKey: result.itemKey, result })));
    for (const judging of judged.judgings ?? []) {
      const judgingId = crypto.randomUUID();
      await db.judgings.add({
        id: judgingId,
        runId: id,
        config: { ...judging.config, runId: id },
        status: 'done',
        total: judging.results.length,
        createdAt: now,
        updatedAt: now
      });
      await db.responses.bulkPut(
        judging.results.map((result) => ({ runId: judgingId, itemKey: result.itemKey, result }))
      );
    }
    await db.reviews.bulkPut(
      (judged.reviews ?? []).map((review) => ({
        runId: id,
        itemKey: review.itemKey,
        gold: review.gold,
        review: { ...review, runId: id }
      }))
    );
  });
  return id;
}

/** Every category of a dataset of this browser, as a run's items. */
export async function wholeDataset(id: string): Promise<RunDataset> {
  const view = await loadDataset(id);
  if (view === undefined) throw new Error(`the dataset ${id} is no longer in this browser`);
  return (
    await loadRunDataset(
      id,
      view.categories.map((c) => c.name)
    )
  ).dataset;
}

/**
 * A run bundle: its scores are recomputed from its raw outputs on the dataset it names (or
 * any dataset of this browser with the same items), and a disagreement is flagged.
 */
export async function importBundle(file: NamedText): Promise<ImportOutcome> {
  const bundle = readRunBundle(file.name, file.text);
  const { config } = bundle.run;
  const { choices } = await datasetChoices();
  const candidates = [
    config.dataset.id,
    ...choices.map((c) => c.id).filter((id) => id !== config.dataset.id)
  ];
  let lastError: unknown;
  for (const id of candidates) {
    let dataset: RunDataset;
    try {
      dataset = (await loadRunDataset(id, config.categories)).dataset;
    } catch (e) {
      lastError = e;
      continue;
    }
    if (Object.keys(dataset.categories).length !== config.categories.length) continue;
    try {
      const check = await verifyRunBundle(bundle, dataset, 'local', file.name);
      const flagged = check.tampered ? `${TAMPERED_MESSAGE} (${check.problems.join('; ')})` : undefined;
      const note = `Imported from ${file.name}.${flagged ? ` Flagged: ${flagged}` : ''}`;
      // The run now refers to this browser's copy of its items (the same hash, maybe another id).
      const here: RunConfig = { ...config, dataset: { ...config.dataset, id } };
      const runId = await storeRun(here, bundle.results, dataset, note, bundle);
      return flagged === undefined ? { runId } : { runId, flagged };
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError instanceof FormatError) throw lastError;
  throw new FormatError(
    file.name,
    'field "run.config.dataset"',
    `no dataset in this browser has the items of "${config.dataset.name}"; import that dataset first`
  );
}

export async function importResultsFiles(files: readonly NamedText[], datasetId: string, model: string) {
  const dataset = await wholeDataset(datasetId);
  const { config, results } = await importReleaseResults(files, dataset, { model, appVersion: version });
  const note = `Imported from ${files.map((f) => f.name).join(', ')}.`;
  return { runId: await storeRun(config, results, dataset, note) };
}

export async function importCsvFile(
  file: NamedText,
  datasetId: string,
  meta: { model: string; task: Task; reasoning: boolean; shots: 0 | 1 }
): Promise<ImportOutcome> {
  const dataset = await wholeDataset(datasetId);
  const { config, results } = await importItemCsv(file.name, file.text, dataset, {
    ...meta,
    appVersion: version
  });
  return { runId: await storeRun(config, results, dataset, `Imported from ${file.name}.`) };
}
