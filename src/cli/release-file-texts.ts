import type { ReleaseFiles } from '../lib/core/dataset/build';
import { writeReleaseJson } from '../lib/core/formats/release';

/** One category's release files as the release names and writes them (`export` and `generate --finish`). */
export function releaseFileTexts(category: string, files: ReleaseFiles): { name: string; text: string }[] {
  return [
    { name: `dataset_${category}_original.json`, text: writeReleaseJson(files.original) },
    { name: `dataset_setting1_${category}.json`, text: writeReleaseJson(files.setting1) },
    { name: `dataset_setting2_${category}.json`, text: writeReleaseJson(files.setting2) }
  ];
}
