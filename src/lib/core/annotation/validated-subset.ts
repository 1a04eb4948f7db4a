import type { CategoryFiles, NamedText } from '../formats/bundle';
import { writeReleaseJson } from '../formats/release';

/**
 * The release files of a dataset cut down to the stories `keep` accepts (by category and
 * 0-based story index; a category's three files list its stories in the same order), named as
 * the release names them, so they import as a dataset of their own. Categories left with no
 * story are dropped.
 */
export function keptStoryFiles(
  categories: Readonly<Record<string, CategoryFiles>>,
  keep: (category: string, index: number) => boolean
): { files: NamedText[]; kept: number } {
  const files: NamedText[] = [];
  let kept = 0;
  for (const [category, entry] of Object.entries(categories)) {
    const pick = <T>(list: readonly T[] | undefined): T[] | undefined =>
      list?.filter((_, i) => keep(category, i));
    const count = Math.max(
      entry.original?.length ?? 0,
      entry.setting1?.length ?? 0,
      entry.setting2?.length ?? 0
    );
    const indices = Array.from({ length: count }, (_, i) => i).filter((i) => keep(category, i));
    if (indices.length === 0) continue;
    kept += indices.length;
    const original = pick(entry.original);
    const setting1 = pick(entry.setting1);
    const setting2 = pick(entry.setting2);
    if (original) files.push({ name: `dataset_${category}_original.json`, text: writeReleaseJson(original) });
    if (setting1) files.push({ name: `dataset_setting1_${category}.json`, text: writeReleaseJson(setting1) });
    if (setting2) files.push({ name: `dataset_setting2_${category}.json`, text: writeReleaseJson(setting2) });
  }
  return { files, kept };
}
