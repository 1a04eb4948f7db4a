import {
  validationStatuses,
  versionKey,
  type ValidationStatus
} from '$lib/core/annotation/validation-status';
import { keptStoryFiles } from '$lib/core/annotation/validated-subset';
import { HARD_DATASET_ID, type DatasetView } from '$lib/core/dataset/view';
import { sha256Hex } from '$lib/core/text/sha256';
import { UserError } from '$lib/core/user-message';
import { listProjects } from '$lib/storage/annotation';
import { database } from '$lib/storage/instance';
import { importDataset, releaseFilesOfDataset } from './datasets';
import { loadHardValidation } from './shipped-from-bundle';

export type { ValidationStatus };

/**
 * Each story's validation status (by `story.key`) from the annotation projects in this browser
 * and, for the hard split, the validation shipped with it; undefined for a story no project
 * labelled in its current text.
 */
export async function storyValidation(
  dataset: DatasetView
): Promise<Map<string, ValidationStatus | undefined>> {
  const [{ projects }, shipped] = await Promise.all([
    listProjects(database),
    dataset.id === HARD_DATASET_ID ? loadHardValidation() : Promise.resolve(undefined)
  ]);
  // The shipped project is one more project: one made later in this browser decides over it.
  const statuses = validationStatuses(shipped === undefined ? projects : [shipped, ...projects], dataset.id);
  const stories = dataset.categories.flatMap((c) => c.stories);
  const out = new Map<string, ValidationStatus | undefined>();
  // No project labelled this dataset: no story is validated, and hashing every story of a large
  // import held the page for a tenth of a second for nothing.
  if (statuses.size === 0) {
    for (const story of stories) out.set(story.key, undefined);
    return out;
  }
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
  const { files, kept } = keptStoryFiles(await releaseFilesOfDataset(dataset.id), (category, index) =>
    passed.has(`${category}/${index}`)
  );
  const name = `${dataset.name}: validated stories only (${kept})`;
  const stored = await importDataset(name, files);
  return { id: String(stored.id), kept };
}
