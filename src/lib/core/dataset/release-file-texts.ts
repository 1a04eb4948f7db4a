import type { ReleaseFiles } from './build';
import { writeReleaseJson } from '../formats/release';

/** One category's release files as the release names and writes them (exports and built datasets). */
export function releaseFileTexts(category: string, files: ReleaseFiles): { name: string; text: string }[] {
  return [
    { name: `dataset_${category}_original.json`, text: writeReleaseJson(files.original) },
    { name: `dataset_setting1_${category}.json`, text: writeReleaseJson(files.setting1) },
    { name: `dataset_setting2_${category}.json`, text: writeReleaseJson(files.setting2) }
  ];
}
