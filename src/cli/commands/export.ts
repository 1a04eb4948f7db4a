import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneOf, parseFlags, required } from '../args';
import { loadHard, loadShipped } from '../shipped-from-disk';
import { SPLITS, type Split } from '../resolve-dataset';
import { releaseFilesOf } from '../../lib/core/dataset/shipped-benchmark';
import { hardReleaseFilesOf } from '../../lib/core/dataset/hard-release';
import type { ReleaseFiles } from '../../lib/core/dataset/build';
import { releaseFileTexts } from '../release-file-texts';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../../lib/core/schema/value';
import type { CommandIO } from './score';

/** Where each split's files go under `--out`: the standard split at the top, as it always was. */
export const SPLIT_FOLDER: Record<Split, string> = { standard: '', hard: 'hard' };

/**
 * `export`: writes the shipped benchmark as the release's files, both splits (or the one
 * `--split` names), each in its own folder with the release's own file names.
 */
export function exportCommand(argv: readonly string[], io: CommandIO): number {
  const args = parseFlags(argv, { values: ['format', 'out', 'category', 'split'], switches: [] }, 'export');
  oneOf(required(args, 'format', 'export'), ['release'] as const, 'format', 'export');
  const out = required(args, 'out', 'export');
  const only = args.values.get('category');
  const categories =
    only === undefined ? SHIPPED_CATEGORIES : [oneOf(only, SHIPPED_CATEGORIES, 'category', 'export')];
  const oneSplit = args.values.get('split');
  const splits = oneSplit === undefined ? SPLITS : [oneOf(oneSplit, SPLITS, 'split', 'export')];
  const bench = loadShipped();
  const hard = splits.includes('hard') ? loadHard() : undefined;
  const filesOf = (split: Split, category: ShippedCategory): ReleaseFiles =>
    split === 'hard' && hard !== undefined
      ? hardReleaseFilesOf(hard, bench, category)
      : releaseFilesOf(bench, category);
  let written = 0;
  for (const split of splits) {
    const dir = join(out, SPLIT_FOLDER[split]);
    mkdirSync(dir, { recursive: true });
    for (const category of categories) {
      const files = filesOf(split, category);
      // A category the hard split has no stories for yet has no files, not empty ones.
      if (files.original.length === 0) continue;
      for (const { name, text } of releaseFileTexts(category, files)) {
        writeAtomically(join(dir, name), text);
        written++;
      }
      const questions = files.setting1.reduce((n, s) => n + s.questions.length, 0);
      io.err(
        `${split} ${category}: ${files.original.length} stories, ${questions} attitude questions, ${files.setting2.length} selection items`
      );
    }
  }
  io.err(`wrote ${written} files to ${out}`);
  return 0;
}

/** A reader never sees half a file: write beside it, then rename over it. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.partial`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
