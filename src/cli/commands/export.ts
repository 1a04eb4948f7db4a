import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneOf, parseFlags, required } from '../args';
import { loadShipped } from '../shipped-from-disk';
import { releaseFilesOf } from '../../lib/core/dataset/shipped-benchmark';
import { writeReleaseJson } from '../../lib/core/formats/release';
import { SHIPPED_CATEGORIES } from '../../lib/core/schema/value';
import type { CommandIO } from './score';

/** `export`: writes the shipped benchmark as the release's files. */
export function exportCommand(argv: readonly string[], io: CommandIO): number {
  const args = parseFlags(argv, { values: ['format', 'out', 'category'], switches: [] }, 'export');
  oneOf(required(args, 'format', 'export'), ['release'] as const, 'format', 'export');
  const out = required(args, 'out', 'export');
  const only = args.values.get('category');
  const categories =
    only === undefined ? SHIPPED_CATEGORIES : [oneOf(only, SHIPPED_CATEGORIES, 'category', 'export')];
  const bench = loadShipped();
  mkdirSync(out, { recursive: true });
  for (const category of categories) {
    const files = releaseFilesOf(bench, category);
    writeAtomically(join(out, `dataset_${category}_original.json`), writeReleaseJson(files.original));
    writeAtomically(join(out, `dataset_setting1_${category}.json`), writeReleaseJson(files.setting1));
    writeAtomically(join(out, `dataset_setting2_${category}.json`), writeReleaseJson(files.setting2));
    const questions = files.setting1.reduce((n, s) => n + s.questions.length, 0);
    io.err(
      `${category}: ${files.original.length} stories, ${questions} attitude questions, ${files.setting2.length} selection items`
    );
  }
  io.err(`wrote ${categories.length * 3} files to ${out}`);
  return 0;
}

/** A reader never sees half a file: write beside it, then rename over it. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.partial`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
