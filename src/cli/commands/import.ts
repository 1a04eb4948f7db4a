import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError, parseFlags, required } from '../args';
import { readText } from '../files';
import { DATASETS_DIR } from '../shipped-from-disk';
import { readReleaseBundle, releaseFileKind } from '../../lib/core/formats/bundle';
import { writeReleaseJson } from '../../lib/core/formats/release';
import type { CommandIO } from './score';

/**
 * `import`: reads a user's release files, all or nothing, and keeps them as a dataset of
 * their own under datasets/imported/NAME (beside the shipped benchmark, never mixed in).
 */
export function importCommand(argv: readonly string[], io: CommandIO): number {
  const args = parseFlags(
    argv,
    { values: ['name', 'from', 'store'], lists: ['file'], switches: [] },
    'import'
  );
  const name = required(args, 'name', 'import');
  // A name is one folder: "." or ".." would point at the store or above it.
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name))
    throw new CliError(
      `import: --name "${name}" must start with a letter or digit and use letters, digits, ".", "_" and "-" only`
    );
  const from = args.values.get('from');
  const files = args.lists.get('file') ?? [];
  if ((from === undefined) === (files.length === 0))
    throw new CliError('import: give either --from DIR or --file FILE (--file once per file)');
  const paths = from === undefined ? files : releaseFilesIn(from);
  const bundle = readReleaseBundle(
    paths.map((p) => ({ name: basename(p), text: readText(p, 'release file') }))
  );

  const store = args.values.get('store') ?? join(DATASETS_DIR, 'imported');
  const target = join(store, name);
  if (existsSync(target)) throw new CliError(`import: a dataset named "${name}" already exists in ${store}`);
  writeAllOrNothing(store, name, (temp) => {
    for (const [category, entry] of Object.entries(bundle.categories)) {
      if (entry.original)
        writeFileSync(join(temp, `dataset_${category}_original.json`), writeReleaseJson(entry.original));
      if (entry.setting1)
        writeFileSync(join(temp, `dataset_setting1_${category}.json`), writeReleaseJson(entry.setting1));
      if (entry.setting2)
        writeFileSync(join(temp, `dataset_setting2_${category}.json`), writeReleaseJson(entry.setting2));
    }
  });
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

/**
 * Writes into a temporary folder and renames it into place: all or nothing. On any failure the
 * temporary folder is removed and the reason is one line naming the folder.
 */
function writeAllOrNothing(store: string, name: string, write: (temp: string) => void): void {
  const temp = join(store, `.${name}.partial`);
  try {
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    write(temp);
    renameSync(temp, join(store, name));
  } catch (e) {
    try {
      rmSync(temp, { recursive: true, force: true });
    } catch {
      // Nothing was made if the folder cannot even be reached.
    }
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CliError(`import: cannot write ${join(store, name)}: ${reason}; nothing was imported`);
  }
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
