import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CqBenchDatabase } from './db';
import { damagedImports, deleteImported, getImported, importReleaseFiles } from './datasets';
import { importedNames } from './dataset-names';
import { isDamagedDataset } from './damaged-dataset';
import { goodAndDamagedImports, SETTING1_TEXT } from './testing';

const setting1 = SETTING1_TEXT;
const setting2 = JSON.stringify([
  { story: 'A story.', options: ['Work is a duty--agree'], values: ['Work is a duty--agree'] }
]);

let db: CqBenchDatabase;
let n = 0;
beforeEach(() => {
  db = new CqBenchDatabase(`test-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('importing release files into IndexedDB', () => {
  it('keeps a category named constructor as a category through storage', async () => {
    const imported = await importReleaseFiles(db, 'odd names', [
      { name: 'dataset_setting1_constructor.json', text: setting1 },
      { name: 'dataset_setting2_constructor.json', text: setting2 }
    ]);
    const back = await getImported(db, imported.id);
    expect(Object.keys(back?.bundle.categories ?? {})).toEqual(['constructor']);
    expect(Object.entries(back?.bundle.categories ?? {})[0]?.[1].setting2).toHaveLength(1);
    expect(Object.hasOwn(Object, 'setting1')).toBe(false);
  });

  it('stores valid files as one dataset that can be read back and deleted', async () => {
    const imported = await importReleaseFiles(db, ' my release ', [
      { name: 'dataset_setting1_social.json', text: setting1 },
      { name: 'dataset_setting2_social.json', text: setting2 }
    ]);
    expect(imported.name).toBe('my release');
    const back = await getImported(db, imported.id);
    expect(back?.bundle.categories.social?.setting1?.[0]?.questions[0]?.['gold label']).toBe('agree');
    expect(back?.bundle.warnings).toEqual(['social setting2: item 0 has 1 options, not 15']);
    await deleteImported(db, imported.id);
    expect(await importedNames(db)).toEqual([]);
  });

  it('keeps the provenance of a dataset the app made, and none for a plain import', async () => {
    const files = [{ name: 'dataset_setting1_social.json', text: setting1 }];
    const made = await importReleaseFiles(db, 'made', files, { provenance: 'A harder split of "x".' });
    const plain = await importReleaseFiles(db, 'plain', files);
    expect((await getImported(db, made.id))?.provenance).toBe('A harder split of "x".');
    expect((await getImported(db, plain.id))?.provenance).toBeUndefined();
    expect((await importedNames(db)).map((d) => d.name)).toEqual(['made', 'plain']);
  });

  it('writes nothing when any file is malformed, and says which file, item and field', async () => {
    const bad = JSON.stringify([{ story: 'A story.', options: 'oops', values: [] }]);
    await expect(
      importReleaseFiles(db, 'x', [
        { name: 'dataset_setting1_social.json', text: setting1 },
        { name: 'dataset_setting2_social.json', text: bad }
      ])
    ).rejects.toThrow('dataset_setting2_social.json: item 0, field "options"');
    expect(await db.datasets.count()).toBe(0);
  });

  it('refuses a second dataset with the same name', async () => {
    await importReleaseFiles(db, 'dup', [{ name: 'dataset_setting1_social.json', text: setting1 }]);
    await expect(
      importReleaseFiles(db, 'dup', [{ name: 'dataset_setting1_social.json', text: setting1 }])
    ).rejects.toThrow('already exists');
    expect(await db.datasets.count()).toBe(1);
  });

  it('reports a damaged stored record instead of showing it as data', async () => {
    const { good, damaged } = await goodAndDamagedImports(db);
    expect(await damagedImports(db)).toEqual([{ id: damaged, name: 'old' }]);
    await expect(getImported(db, damaged)).rejects.toSatisfy(isDamagedDataset);
    expect(await getImported(db, good)).toBeDefined();
  });

  it('reports a dataset whose stored origin no longer validates as damaged, never showing it without it', async () => {
    const imported = await importReleaseFiles(db, 'built', [
      { name: 'dataset_setting1_social.json', text: setting1 }
    ]);
    await db.datasets.update(imported.id, { origin: { construction: 'c', outcomes: 'lost' } });
    expect(await damagedImports(db)).toEqual([{ id: imported.id, name: 'built' }]);
    await expect(getImported(db, imported.id)).rejects.toThrow('stored dataset "built"');
  });
});

describe('importedNames (what a picker lists)', () => {
  it('names every import, oldest first, a damaged one too (the pages that load one leave it out)', async () => {
    await db.datasets.add({ name: 'zeta', importedAt: '2021-01-01T00:00:00Z', files: [], bundle: {} });
    await db.datasets.add({ name: 'alpha', importedAt: '2022-01-01T00:00:00Z', files: [], bundle: {} });
    await db.datasets.add({ name: 'mid', importedAt: '2021-06-01T00:00:00Z', files: [], bundle: 3 });
    const names = await importedNames(db);
    expect(names.map((d) => d.name)).toEqual(['zeta', 'mid', 'alpha']);
    // Each id opens the dataset of that name.
    for (const { id, name } of names) expect((await db.datasets.get(id))?.name).toBe(name);
    expect(await importedNames(new CqBenchDatabase(`empty-${++n}`))).toEqual([]);
  });
});
