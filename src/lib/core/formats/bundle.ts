import { z } from 'zod';
import { FormatError } from '../format-error';
import { originalFileSchema, setting1FileSchema, setting2FileSchema } from '../schema/release';
import type { OriginalItem, Setting1Story, Setting2Item } from '../schema/release';
import { readOriginal, readSetting1, readSetting2 } from './release';

/** The release files of one category; any of the three may be missing. */
export interface CategoryFiles {
  original?: OriginalItem[];
  setting1?: Setting1Story[];
  setting2?: Setting2Item[];
}

/** A set of release files read together: the unit of an import. */
export interface ReleaseBundle {
  categories: Record<string, CategoryFiles>;
  /** Oddities that do not stop an import (the release's own data has some). */
  warnings: string[];
}

export interface NamedText {
  name: string;
  text: string;
}

// Category names are plain words, so a browser's "dataset_setting1_social (1).json" copy is
// refused instead of becoming a category of its own.
const NAME_PATTERNS: readonly [RegExp, keyof CategoryFiles][] = [
  [/^dataset_setting1_([a-z][a-z0-9_]*)\.json$/, 'setting1'],
  [/^dataset_setting2_([a-z][a-z0-9_]*)\.json$/, 'setting2'],
  [/^dataset_([a-z][a-z0-9_]*)_original\.json$/, 'original']
];

/** Which release file a name is, or undefined. `politic` is read as `political`. */
export function releaseFileKind(name: string): { category: string; kind: keyof CategoryFiles } | undefined {
  for (const [pattern, kind] of NAME_PATTERNS) {
    const m = pattern.exec(name);
    if (m) return { category: m[1] === 'politic' ? 'political' : m[1]!, kind };
  }
  return undefined;
}

/**
 * Reads release files all or nothing: the first malformed file throws a FormatError naming
 * the file, the item and the field, and nothing is returned. Files must be named as the
 * release names them, so each is read with the right schema.
 */
export function readReleaseBundle(files: readonly NamedText[]): ReleaseBundle {
  if (files.length === 0) throw new FormatError('(no files)', '', 'no release files were given');
  // A Map: category names come from file names, and `constructor` looked up on a plain object
  // found Object's own, so the files were set on Object and the dataset came out empty.
  const categories = new Map<string, CategoryFiles>();
  const warnings: string[] = [];
  for (const { name, text } of files) {
    const kind = releaseFileKind(name);
    if (kind === undefined) {
      throw new FormatError(
        name,
        '',
        'not a release dataset file name (expected dataset_setting1_<category>.json, dataset_setting2_<category>.json or dataset_<category>_original.json)'
      );
    }
    const entry = categories.get(kind.category) ?? {};
    categories.set(kind.category, entry);
    if (entry[kind.kind] !== undefined)
      throw new FormatError(name, '', `a second ${kind.kind} file for ${kind.category}`);
    if (kind.kind === 'setting1') entry.setting1 = readSetting1(name, text);
    else if (kind.kind === 'setting2') entry.setting2 = readSetting2(name, text);
    else entry.original = readOriginal(name, text);
  }
  for (const [category, entry] of categories) warnings.push(...consistency(category, entry));
  // Object.fromEntries defines own properties, whatever the name.
  return { categories: Object.fromEntries(categories), warnings };
}

function consistency(category: string, files: CategoryFiles): string[] {
  const warnings: string[] = [];
  files.setting1?.forEach((story, s) => {
    story.questions.forEach((q, i) => {
      const gold = q['gold label'].trim().toLowerCase();
      if (!q.options.some((o) => o.trim().toLowerCase() === gold)) {
        warnings.push(
          `${category} setting1: story ${s}, question ${i}: gold label "${q['gold label']}" is not among its options`
        );
      }
    });
  });
  files.setting2?.forEach((item, s) => {
    if (item.options.length !== 15)
      warnings.push(`${category} setting2: item ${s} has ${item.options.length} options, not 15`);
    for (const v of item.values) {
      if (!item.options.includes(v))
        warnings.push(`${category} setting2: item ${s}: gold value "${v}" is not one of its options`);
    }
  });
  return warnings;
}

/** A release bundle as stored after an import, read back. */
const storedBundleSchema = z.object({
  categories: z.record(
    z.string(),
    z.object({
      original: originalFileSchema.optional(),
      setting1: setting1FileSchema.optional(),
      setting2: setting2FileSchema.optional()
    })
  ),
  warnings: z.array(z.string())
});

/** A stored release bundle, validated again; undefined when it no longer has the expected shape. */
export function readStoredReleaseBundle(raw: unknown): ReleaseBundle | undefined {
  return storedBundleSchema.safeParse(raw).data;
}
