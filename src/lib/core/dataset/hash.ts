import type { CategoryFiles } from '../formats/bundle';
import { sha256Hex } from '../text/sha256';

/**
 * A fingerprint of a dataset's content: the SHA-256 of its release files per category, in
 * category order, so a run records exactly which items it was asked on.
 */
export function datasetHash(categories: Record<string, CategoryFiles>): Promise<string> {
  const ordered = Object.keys(categories)
    .sort()
    .map((name) => {
      const files = categories[name]!;
      return [name, files.original ?? null, files.setting1 ?? null, files.setting2 ?? null];
    });
  return sha256Hex(JSON.stringify(ordered));
}
