import { rowModelName } from '$lib/core/analysis/identity';
import { keptStoryFiles } from '$lib/core/annotation/validated-subset';
import { isReaderTask, type ReaderTask } from '$lib/core/difficulty/reader-stories';
import { difficultyReport, type DifficultyReport, type Reader } from '$lib/core/difficulty/report';
import {
  harderSplitKeys,
  harderSplitProvenance,
  type HarderSplitRule
} from '$lib/core/difficulty/harder-split';
import type { DatasetView } from '$lib/core/dataset/view';
import { UserError } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { getRun, listRuns } from '$lib/storage/runs';
import { readerStoriesInWorker } from './analysis-client';
import { importDataset, releaseFilesOfDataset } from './datasets';
import { loadRunDatasetForWorker } from './load-run-dataset';

/** A stored run that can serve as a reader of its dataset. */
export interface ReaderRun {
  id: string;
  /** The model as the run names it (a local file by its weights too). */
  model: string;
  provider: string;
  task: ReaderTask;
  categories: string[];
  createdAt: string;
}

/** Every completed attitude-detection or value-selection run on this dataset, newest first. */
export async function readerRunsOf(datasetId: string): Promise<ReaderRun[]> {
  const { runs } = await listRuns(database);
  return runs.flatMap((run): ReaderRun[] => {
    const { config } = run;
    if (config.dataset.id !== datasetId || run.status !== 'done' || !isReaderTask(config.task)) return [];
    return [
      {
        id: run.id,
        model: rowModelName(config.model),
        provider: config.model.provider,
        task: config.task,
        categories: config.categories,
        createdAt: run.createdAt
      }
    ];
  });
}

/**
 * The dataset's difficulty by these reader runs: each run is scored in the analysis worker,
 * from which only its figure per story comes back; `onProgress` hears each run done.
 */
export async function measureDifficulty(
  dataset: DatasetView,
  runIds: readonly string[],
  onProgress?: (done: number, total: number) => void
): Promise<DifficultyReport> {
  const readers: Reader[] = [];
  // Runs on the same categories share their items: an import is read into the worker once.
  const loaded = new Map<string, ReturnType<typeof loadRunDatasetForWorker>>();
  for (const id of runIds) {
    const run = await getRun(database, id);
    if (run === undefined) throw new UserError(`the run ${id} is no longer in this browser`);
    const { task } = run.config;
    if (run.config.dataset.id !== dataset.id || !isReaderTask(task))
      throw new UserError(`the run ${id} is not an attitude or selection run of ${dataset.name}`);
    const categories = run.config.categories.join();
    const items = loaded.get(categories) ?? loadRunDatasetForWorker(dataset.id, run.config.categories);
    loaded.set(categories, items);
    const stories = await readerStoriesInWorker(run, await items);
    readers.push({ id, model: rowModelName(run.config.model), task, stories });
    onProgress?.(readers.length, runIds.length);
  }
  return difficultyReport(
    dataset.categories.flatMap((c) => c.stories),
    readers
  );
}

/**
 * Stores the stories the rule keeps (a harder split) as a new imported dataset, its release
 * files cut from the source's by story, its provenance naming the source, readers and rule.
 */
export async function saveHarderSplit(
  dataset: DatasetView,
  report: DifficultyReport,
  rule: HarderSplitRule,
  name: string
): Promise<{ id: string; kept: number }> {
  const keep = harderSplitKeys(report, rule);
  if (keep.size === 0) throw new UserError('every story is flagged: a harder split would have none');
  const { files, kept } = keptStoryFiles(await releaseFilesOfDataset(dataset.id), (category, index) =>
    keep.has(`${category}/${index}`)
  );
  const stored = await importDataset(
    name,
    files,
    harderSplitProvenance({ id: dataset.id, name: dataset.name }, report, rule, kept)
  );
  return { id: String(stored.id), kept };
}
