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
  /** Set when this browser already holds an import of the same run. */
  duplicate?: string;
}

/** A file read and verified, ready to be stored. */
export interface PreparedImport {
  file: string;
  config: RunConfig;
  results: readonly ItemResult[];
  dataset: RunDataset;
  note: string;
  /** A bundle's judgings, in the bundle's order (the first is the one its scores were verified with). */
  judgings: NonNullable<RunBundle['judgings']>;
  reviews: NonNullable<RunBundle['reviews']>;
  flagged?: string;
  /** The id the run had where it was made (bundles only). */
  sourceRunId?: string;
}

// How an imported run's note names the run it came from, so a second import of it is noticed.
const sourceTag = (runId: string): string => `(run ${runId})`;

/**
 * Stores imported runs with all their responses (and bundles' judgings and reviews, moved to
 * the new run ids) in one transaction: all of them or none.
 */
export async function storeImports(prepared: readonly PreparedImport[]): Promise<ImportOutcome[]> {
  const db = database;
  const outcomes: ImportOutcome[] = [];
  const start = Date.now();
  await db.transaction('rw', [db.runs, db.responses, db.judgings, db.reviews], async () => {
    const earlier = await db.runs.toArray();
    for (const [index, p] of prepared.entries()) {
      const id = crypto.randomUUID();
      const total = planKeys(datasetOfCategories(p.dataset, p.config.categories), p.config.task).length;
      // Distinct, ordered times: the runs list and the judgings keep the order they were imported in.
      const at = (offset: number): string => new Date(start + index * 1000 + offset).toISOString();
      const judgingIds = p.judgings.map(() => crypto.randomUUID());
      const verifiedWith = judgingIds[0];
      await db.runs.add({
        id,
        config: p.config,
        status: p.results.length >= total ? 'done' : 'stopped',
        statusMessage: p.note,
        ...(verifiedWith === undefined ? {} : { scoringJudgingId: verifiedWith }),
        total,
        createdAt: at(0),
        updatedAt: at(0)
      });
      await db.responses.bulkPut(p.results.map((result) => ({ runId: id, itemKey: result.itemKey, result })));
      for (const [j, judging] of p.judgings.entries()) {
        const judgingId = judgingIds[j] ?? crypto.randomUUID();
        await db.judgings.add({
          id: judgingId,
          runId: id,
          config: { ...judging.config, runId: id },
          status: 'done',
          total: judging.results.length,
          createdAt: at(j + 1),
          updatedAt: at(j + 1)
        });
        await db.responses.bulkPut(
          judging.results.map((result) => ({ runId: judgingId, itemKey: result.itemKey, result }))
        );
      }
      await db.reviews.bulkPut(
        p.reviews.map((review) => ({
          runId: id,
          itemKey: review.itemKey,
          gold: review.gold,
          review: { ...review, runId: id }
        }))
      );
      const outcome: ImportOutcome = { runId: id };
      if (p.flagged !== undefined) outcome.flagged = p.flagged;
      const tag = p.sourceRunId === undefined ? undefined : sourceTag(p.sourceRunId);
      if (tag !== undefined) {
        const before =
          earlier.filter((r) => r.statusMessage?.includes(tag) === true).length +
          prepared.slice(0, index).filter((q) => q.sourceRunId === p.sourceRunId).length;
        if (before > 0)
          outcome.duplicate = `this run was imported before (${String(before)} time${before === 1 ? '' : 's'}); it is now in the list again`;
      }
      outcomes.push(outcome);
    }
  });
  return outcomes;
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
 * A run bundle, read and verified (nothing stored): its scores are recomputed from its raw
 * outputs on the dataset it names (or any dataset of this browser with the same items), and a
 * disagreement is flagged.
 */
export async function prepareBundle(file: NamedText): Promise<PreparedImport> {
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
      const note = `Imported from ${file.name} ${sourceTag(bundle.run.id)}.${flagged ? ` Flagged: ${flagged}` : ''}`;
      // The run now refers to this browser's copy of its items (the same hash, maybe another id).
      const here: RunConfig = { ...config, dataset: { ...config.dataset, id } };
      const prepared: PreparedImport = {
        file: file.name,
        config: here,
        results: bundle.results,
        dataset,
        note,
        judgings: bundle.judgings ?? [],
        reviews: bundle.reviews ?? [],
        sourceRunId: bundle.run.id
      };
      if (flagged !== undefined) prepared.flagged = flagged;
      return prepared;
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

/** Bundles: every file read and verified first, then all stored at once, or none if one is faulty. */
export async function importBundles(files: readonly NamedText[]): Promise<ImportOutcome[]> {
  const prepared: PreparedImport[] = [];
  for (const file of files) prepared.push(await prepareBundle(file));
  return storeImports(prepared);
}

function plain(file: string, config: RunConfig, results: ItemResult[], dataset: RunDataset): PreparedImport {
  return { file, config, results, dataset, note: `Imported from ${file}.`, judgings: [], reviews: [] };
}

export async function importResultsFiles(
  files: readonly NamedText[],
  datasetId: string,
  model: string
): Promise<ImportOutcome> {
  const dataset = await wholeDataset(datasetId);
  const { config, results } = await importReleaseResults(files, dataset, { model, appVersion: version });
  const [outcome] = await storeImports([
    plain(files.map((f) => f.name).join(', '), config, results, dataset)
  ]);
  if (outcome === undefined) throw new Error('nothing was imported');
  return outcome;
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
  const [outcome] = await storeImports([plain(file.name, config, results, dataset)]);
  if (outcome === undefined) throw new Error('nothing was imported');
  return outcome;
}
