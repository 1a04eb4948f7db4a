/** Fixtures the storage and data-layer tests share. */
import type { CqBenchDatabase } from './db';
import { importReleaseFiles } from './datasets';

/** A one-story, one-question setting-1 file. */
export const SETTING1_TEXT = JSON.stringify([
  {
    story: 'A story.',
    questions: [{ value: 'Work is a duty', options: [' agree ', ' Disagree '], 'gold label': 'agree' }]
  }
]);

/** One good import ("good") and one whose stored record no longer validates ("old"), their ids. */
export async function goodAndDamagedImports(db: CqBenchDatabase): Promise<{ good: number; damaged: number }> {
  const good = await importReleaseFiles(db, 'good', [
    { name: 'dataset_setting1_social.json', text: SETTING1_TEXT }
  ]);
  const damaged = await db.datasets.add({
    name: 'old',
    importedAt: '2020-01-01T00:00:00Z',
    files: [],
    bundle: { categories: 3 }
  });
  return { good: good.id, damaged };
}
