import { basename, resolve } from 'node:path';
import { CliError } from './args';
import { readText } from './files';
import { loadShipped } from './shipped';
import { readReleaseBundle, releaseFileKind } from '../lib/core/formats/bundle';
import { releaseFilesOf } from '../lib/core/dataset/shipped';
import type { RunDataset, RunnableTask } from '../lib/core/dataset/run-dataset';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../lib/core/schema/value';
import { SHIPPED_DATASET_ID } from '../lib/core/dataset/view';

/**
 * `--dataset` names a shipped category (`social`), `all` shipped categories, or a release file
 * (`dataset_setting1_social.json` for attitude, `dataset_setting2_*.json` for selection).
 */
export function resolveRunDataset(spec: string, task: RunnableTask): RunDataset {
  if (spec === 'all' || SHIPPED_CATEGORIES.some((c) => c === spec)) {
    const categories: ShippedCategory[] =
      spec === 'all' ? [...SHIPPED_CATEGORIES] : SHIPPED_CATEGORIES.filter((c) => c === spec);
    return shippedDataset(categories);
  }
  const name = basename(spec);
  const kind = releaseFileKind(name);
  const wanted = task === 'attitude' ? 'setting1' : 'setting2';
  if (kind?.kind !== wanted) {
    throw new CliError(
      `--dataset must be a shipped category (${SHIPPED_CATEGORIES.join(', ')}), "all", or a ` +
        `dataset_${wanted}_<category>.json file for --task ${task}; got "${spec}"`
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
