import { basename, resolve } from 'node:path';
import { CliError } from './args';
import { readText } from './files';
import { loadShipped } from './shipped-from-disk';
import { readReleaseBundle, releaseFileKind } from '../lib/core/formats/bundle';
import { releaseFilesOf } from '../lib/core/dataset/shipped-benchmark';
import type { RunDataset, RunnableTask } from '../lib/core/dataset/run-dataset';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../lib/core/schema/value';
import { SHIPPED_DATASET_ID } from '../lib/core/dataset/view';

/**
 * `--dataset` names a shipped category (`social`), `all` shipped categories, or a release file
 * (`dataset_setting1_social.json` for attitude, `dataset_setting2_*.json` for selection,
 * `dataset_*_original.json` for extraction).
 */
export function resolveRunDataset(spec: string, task: RunnableTask): RunDataset {
  if (spec === 'all' || SHIPPED_CATEGORIES.some((c) => c === spec)) {
    const categories: ShippedCategory[] =
      spec === 'all' ? [...SHIPPED_CATEGORIES] : SHIPPED_CATEGORIES.filter((c) => c === spec);
    return shippedDataset(categories);
  }
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

/** The dataset a run file names: the shipped categories it ran, or the release file it was given. */
export function datasetOfRun(id: string, categories: readonly string[], task: RunnableTask): RunDataset {
  if (id !== SHIPPED_DATASET_ID) return resolveRunDataset(id, task);
  const shipped = categories.map((c): ShippedCategory => {
    const known = SHIPPED_CATEGORIES.find((s) => s === c);
    if (known === undefined) throw new CliError(`score: the run names an unknown shipped category "${c}"`);
    return known;
  });
  return shippedDataset(shipped);
}
