import type { CqBenchDatabase } from './db';

/**
 * Every imported dataset's id and name, oldest import first, read from the table's indexes
 * alone: a picker lists them without reading (or checking) any dataset's stories, which for a
 * large import took a tenth of a second each and needed the analysis worker to stay smooth.
 */
export async function importedNames(db: CqBenchDatabase): Promise<{ id: number; name: string }[]> {
  return db.transaction('r', db.datasets, async () => {
    const names = new Map<number, string>();
    // The `name` index holds strings only (the table's schema); its cursor gives each id.
    await db.datasets.orderBy('name').eachKey((name, cursor) => {
      if (typeof name === 'string') names.set(cursor.primaryKey, name);
    });
    const ids = await db.datasets.orderBy('importedAt').primaryKeys();
    return ids.flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ id, name }];
    });
  });
}
