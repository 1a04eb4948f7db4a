import { basename, resolve } from 'node:path';
import { CliError } from './args';
import { readText } from './files';
import { loadHard, loadShipped } from './shipped-from-disk';
import { hardReleaseFilesOf } from '../lib/core/dataset/hard-release';
import { readReleaseBundle, releaseFileKind } from '../lib/core/formats/bundle';
import { releaseFilesOf } from '../lib/core/dataset/shipped-benchmark';
import type { RunDataset, RunnableTask } from '../lib/core/dataset/run-dataset';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../lib/core/schema/value';
import { HARD_DATASET_ID, SHIPPED_DATASET_ID } from '../lib/core/dataset/view';

/** The two splits of the shipped benchmark, as `--split` names them. */
export const SPLITS = ['standard', 'hard'] as const;
export type Split = (typeof SPLITS)[number];

/**
 * `--dataset` names a shipped category (`social`), `all` shipped categories, or a release file
 * (`dataset_setting1_social.json` for attitude, `dataset_setting2_*.json` for selection,
 * `dataset_*_original.json` for extraction). `split` picks the shipped split of a category.
 */
export function resolveRunDataset(spec: string, task: RunnableTask, split?: Split): RunDataset {
  if (spec === 'all' || SHIPPED_CATEGORIES.some((c) => c === spec)) {
    const categories: ShippedCategory[] =
      spec === 'all' ? [...SHIPPED_CATEGORIES] : SHIPPED_CATEGORIES.filter((c) => c === spec);
    return split === 'hard' ? hardDataset(categories) : shippedDataset(categories);
  }
  if (split !== undefined)
    throw new CliError(`--split chooses a split of the shipped categories; "${spec}" is a file`);
  const name = basename(spec);
  const kind = releaseFileKind(name);
  const wanted = task === 'attitude' ? 'setting1' : task === 'selection' ? 'setting2' : 'original';
  if (kind?.kind !== wanted) {
    const file =
      wanted === 'original' ? 'dataset_<category>_original.json' : `dataset_${wanted}_<category>.json`;
    throw new CliError(
      `--dataset must be a shipped category (${SHIPPED_CATEGORIES.join(', ')}), "all", or a ` +
        `${file} file for --task ${task}; got "${spec}"`
    );
  }
  const bundle = readReleaseBundle([{ name, text: readText(spec, 'dataset') }]);
  return { id: resolve(spec), name, categories: bundle.categories };
}

/** The shipped benchmark restricted to some categories, in the given order. */
export function shippedDataset(categories: readonly ShippedCategory[]): RunDataset {
  const bench = loadShipped();
  return {
    id: SHIPPED_DATASET_ID,
    name: `shipped benchmark (${categories.join(', ')})`,
    categories: Object.fromEntries(categories.map((c) => [c, releaseFilesOf(bench, c)]))
  };
}

/** The hard split restricted to some categories, in the given order. */
export function hardDataset(categories: readonly ShippedCategory[]): RunDataset {
  const bench = loadShipped();
  const hard = loadHard();
  const empty = categories.filter((c) => hard.stories[c].length === 0);
  if (empty.length > 0) throw new CliError(`the hard split has no ${empty.join(', ')} stories yet`);
  return {
    id: HARD_DATASET_ID,
    name: `hard split (${categories.join(', ')})`,
    categories: Object.fromEntries(categories.map((c) => [c, hardReleaseFilesOf(hard, bench, c)]))
  };
}

/** The dataset a run file names: the shipped categories (of its split) it ran, or its release file. */
export function datasetOfRun(id: string, categories: readonly string[], task: RunnableTask): RunDataset {
  if (id !== SHIPPED_DATASET_ID && id !== HARD_DATASET_ID) return resolveRunDataset(id, task);
  const shipped = categories.map((c): ShippedCategory => {
    const known = SHIPPED_CATEGORIES.find((s) => s === c);
    if (known === undefined) throw new CliError(`score: the run names an unknown shipped category "${c}"`);
    return known;
  });
  return id === HARD_DATASET_ID ? hardDataset(shipped) : shippedDataset(shipped);
}

/** `--split standard|hard`, when given. */
export function splitFlag(value: string | undefined, command: string): Split | undefined {
  if (value === undefined) return undefined;
  if (!(SPLITS as readonly string[]).includes(value))
    throw new CliError(`${command}: --split must be one of ${SPLITS.join(', ')}, got "${value}"`);
  return value === 'hard' ? 'hard' : 'standard';
}
