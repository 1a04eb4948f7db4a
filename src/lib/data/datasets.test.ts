import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { database } from '$lib/storage/instance';
import { goodAndDamagedImports } from '$lib/storage/testing';
import { HARD_DATASET_ID, SHIPPED_DATASET_ID } from '$lib/core/dataset/view';
import { datasetChoices, loadDatasetPage, runnableDatasets } from './datasets';

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

/** One good import and one damaged, their ids as the pages name datasets. */
async function goodAndDamaged(): Promise<{ good: string; damaged: string }> {
  const { good, damaged } = await goodAndDamagedImports(database);
  return { good: String(good), damaged: String(damaged) };
}

describe('a damaged import among the datasets', () => {
  it('is left out of what can be run, the others still offered', async () => {
    const { good, damaged } = await goodAndDamaged();
    // Pickers list names from the indexes alone, so they still see it ...
    expect((await datasetChoices()).map((c) => c.id)).toContain(damaged);
    // ... but a page that loads the datasets to run leaves it out instead of failing.
    const ids = (await runnableDatasets()).map((d) => d.id);
    expect(ids).toEqual([SHIPPED_DATASET_ID, HARD_DATASET_ID, good]);
  });

  it('is named on the Datasets page, not offered there, and said to be damaged when asked for', async () => {
    const { good, damaged } = await goodAndDamaged();
    const page = await loadDatasetPage(good);
    expect(page.dataset?.name).toBe('good');
    expect(page.broken).toEqual([{ id: damaged, name: 'old' }]);
    expect(page.choices.map((c) => c.id)).toEqual([SHIPPED_DATASET_ID, HARD_DATASET_ID, good]);
    expect(page.damaged).toBeUndefined();
    const asked = await loadDatasetPage(damaged);
    expect(asked.damaged).toBe('old');
    expect(asked.dataset).toBeUndefined();
  });
});
