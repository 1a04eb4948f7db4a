import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError, parseFlags, required } from '../args';
import { readText } from '../files';
import { DATASETS_DIR } from '../shipped-from-disk';
import { readReleaseBundle, releaseFileKind } from '../../lib/core/formats/bundle';
import { writeReleaseJson } from '../../lib/core/formats/release';
import type { CommandIO } from './score';

export const IMPORT_USAGE = 'import --name NAME (--from DIR | --file FILE [--file FILE ...]) [--store DIR]';

/**
 * `import`: reads a user's release files, all or nothing, and keeps them as a dataset of
 * their own under datasets/imported/NAME (beside the shipped benchmark, never mixed in).
 */
export function importCommand(argv: readonly string[], io: CommandIO): number {
  const files: string[] = [];
  const rest: string[] = [];
  // --file may repeat; the shared parser allows each flag once, so collect these first.
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--file') files.push(argv[++i] ?? '');
    else if (argv[i]!.startsWith('--file=')) files.push(argv[i]!.slice('--file='.length));
    else rest.push(argv[i]!);
  }
  const args = parseFlags(rest, { values: ['name', 'from', 'store'], switches: [] }, 'import');
  const name = required(args, 'name', 'import');
  if (!/^[\w.-]+$/.test(name))
    throw new CliError('import: --name may use letters, digits, ".", "_" and "-" only');
  const from = args.values.get('from');
  if (files.some((f) => f === '')) throw new CliError('import: --file needs a value');
  if ((from === undefined) === (files.length === 0))
    throw new CliError('import: give either --from DIR or --file FILE');
  const paths = from === undefined ? files : releaseFilesIn(from);
  const bundle = readReleaseBundle(
    paths.map((p) => ({ name: basename(p), text: readText(p, 'release file') }))
  );

  const store = args.values.get('store') ?? join(DATASETS_DIR, 'imported');
  const target = join(store, name);
  if (existsSync(target)) throw new CliError(`import: a dataset named "${name}" already exists in ${store}`);
  // Write everything into a temporary folder and rename it into place: all or nothing.
  const temp = join(store, `.${name}.partial`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [category, entry] of Object.entries(bundle.categories)) {
    if (entry.original)
      writeFileSync(join(temp, `dataset_${category}_original.json`), writeReleaseJson(entry.original));
    if (entry.setting1)
      writeFileSync(join(temp, `dataset_setting1_${category}.json`), writeReleaseJson(entry.setting1));
    if (entry.setting2)
      writeFileSync(join(temp, `dataset_setting2_${category}.json`), writeReleaseJson(entry.setting2));
  }
  renameSync(temp, target);
  for (const w of bundle.warnings) io.err(`warning: ${w}`);
  const summary = Object.entries(bundle.categories)
    .map(
      ([c, e]) =>
        `${c} (${[e.original && 'original', e.setting1 && 'setting1', e.setting2 && 'setting2'].filter(Boolean).join(', ')})`
    )
    .join('; ');
  io.out(`imported "${name}" into ${target}: ${summary}`);
  return 0;
}

function releaseFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new CliError(`import: cannot read folder ${dir}`);
  }
  const found = names.filter((n) => releaseFileKind(n) !== undefined).map((n) => join(dir, n));
  if (found.length === 0) throw new CliError(`import: no release dataset files (dataset_*.json) in ${dir}`);
  return found;
}
