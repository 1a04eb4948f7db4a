/**
 * Imported datasets as the pages show them, read and checked in the worker: a large dataset's
 * record took a tenth of a second to read and most of a second to check, every time a page
 * listed or opened one.
 */
import { builtNotes, builtProvenance } from '../core/construction/built-origin';
import { viewOfBundle, type DatasetView } from '../core/dataset/view';
import type { CqBenchDatabase } from '../storage/db';
import { getImported } from '../storage/datasets';

/** The imported dataset `id` as its page shows it; undefined when there is none. */
export async function importedView(db: CqBenchDatabase, id: number): Promise<DatasetView | undefined> {
  const imported = await getImported(db, id);
  if (imported === undefined) return undefined;
  const view = viewOfBundle(String(id), imported.name, imported.bundle, imported.provenance);
  const origin = imported.origin;
  if (origin === undefined) return view;
  return {
    ...view,
    provenance: builtProvenance(origin),
    notes: [...builtNotes(origin), ...view.notes],
    built: { construction: origin.construction, card: origin.card }
  };
}
