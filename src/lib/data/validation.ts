import {
  validationStatuses,
  versionKey,
  type ValidationStatus
} from '$lib/core/annotation/validation-status';
import { keptStoryFiles } from '$lib/core/annotation/validated-subset';
import { releaseFilesOf } from '$lib/core/dataset/shipped-benchmark';
import { SHIPPED_DATASET_ID, type DatasetView } from '$lib/core/dataset/view';
import type { CategoryFiles } from '$lib/core/formats/bundle';
import { sha256Hex } from '$lib/core/text/sha256';
import { UserError } from '$lib/core/user-message';
import { SHIPPED_CATEGORIES } from '$lib/core/schema/value';
import { listProjects } from '$lib/storage/annotation';
import { getImported } from '$lib/storage/datasets';
import { database } from '$lib/storage/instance';
import { importDataset } from './datasets';
import { loadShippedBenchmark } from './shipped-from-bundle';

export type { ValidationStatus };

/**
 * Each story's validation status (by `story.key`) from the annotation projects in this browser;
 * undefined for a story no project labelled in its current text.
 */
export async function storyValidation(
  dataset: DatasetView
): Promise<Map<string, ValidationStatus | undefined>> {
  const { projects } = await listProjects(database);
  const statuses = validationStatuses(projects, dataset.id);
  const stories = dataset.categories.flatMap((c) => c.stories);
  const out = new Map<string, ValidationStatus | undefined>();
  // Labels bind to the text people judged: a story rewritten since is not validated.
  await Promise.all(
    stories.map(async (story) => {
      const hash = await sha256Hex(story.text);
      out.set(story.key, statuses.get(versionKey(story.id ?? story.key, hash)));
    })
  );
  return out;
}

/**
 * Stores the stories of a dataset that passed validation as a dataset of their own (named for
 * its source), which the Run page then offers like any other: a run on validated stories only.
 */
export async function saveValidatedStories(dataset: DatasetView): Promise<{ id: string; kept: number }> {
  const statuses = await storyValidation(dataset);
  const passed = new Set([...statuses].filter(([, status]) => status?.kind === 'passed').map(([key]) => key));
  if (passed.size === 0) throw new UserError(`no story of ${dataset.name} has passed validation yet`);
  const { files, kept } = keptStoryFiles(await releaseFiles(dataset.id), (category, index) =>
    passed.has(`${category}/${index}`)
  );
  const name = `${dataset.name}: validated stories only (${kept})`;
  const stored = await importDataset(name, files);
  return { id: String(stored.id), kept };
}

async function releaseFiles(datasetId: string): Promise<Record<string, CategoryFiles>> {
  if (datasetId === SHIPPED_DATASET_ID) {
    const bench = await loadShippedBenchmark();
    return Object.fromEntries(SHIPPED_CATEGORIES.map((c) => [c, releaseFilesOf(bench, c)]));
  }
  const imported = await getImported(database, Number(datasetId));
  if (imported === undefined) throw new UserError(`the dataset ${datasetId} is no longer in this browser`);
  return imported.bundle.categories;
}
