import { basename, join } from 'node:path';
import { CliError, numberFlag, type ParsedArgs } from './args';
import { readText } from './files';
import { DATASETS_DIR } from './shipped-from-disk';
import { readPool } from '../lib/core/formats/pool';
import { POOL_OF_CATEGORY } from '../lib/core/dataset/draw';
import { SELECTION_OPTIONS } from '../lib/core/dataset/build';
import { SCENES, type Scene } from '../lib/core/schema/story';
import type { PoolEntry, ShippedCategory } from '../lib/core/schema/value';
import { importPool, type ImportedPool } from '../lib/core/construction/imported-pool';
import type { ConstructionPrices } from '../lib/core/construction/build-progress';
import type { TokenPrices } from '../lib/core/token-cost';

/** The flags of `generate` that shape the draw and price the calls, beside the models' flags. */
export const DRAW_AND_PRICE_FLAGS = [
  'pool',
  'values-per-story',
  'scenes',
  'writer-prices',
  'checker-prices'
] as const;

/** A category's shipped value pool, from datasets/values/. */
export function shippedPool(category: ShippedCategory): PoolEntry[] {
  const file = join(DATASETS_DIR, 'values', POOL_OF_CATEGORY[category]);
  return readPool(file, readText(file, 'value pool'));
}

/** `--pool FILE.jsonl`: read whole (errors name the file and line), kept under the file's own name. */
export async function poolFlag(args: ParsedArgs): Promise<ImportedPool | undefined> {
  const path = args.values.get('pool');
  if (path === undefined) return undefined;
  const pool = await importPool(path, readText(path, 'value pool'));
  return { ...pool, name: basename(path) };
}

export function valuesPerStoryFlag(args: ParsedArgs): number | undefined {
  return numberFlag(
    args,
    'values-per-story',
    (n) => Number.isInteger(n) && n >= 1 && n <= SELECTION_OPTIONS,
    `a whole number from 1 to ${SELECTION_OPTIONS}`,
    'generate'
  );
}

/** `--scenes a,b`: scenes of the recipe, each once. */
export function scenesFlag(args: ParsedArgs): Scene[] | undefined {
  const raw = args.values.get('scenes');
  if (raw === undefined) return undefined;
  const scenes = raw.split(',').map((s) => s.trim());
  for (const scene of scenes)
    if (!(SCENES as readonly string[]).includes(scene))
      throw new CliError(`generate: --scenes: "${scene}" is not a scene (scenes: ${SCENES.join(', ')})`);
  if (new Set(scenes).size !== scenes.length) throw new CliError('generate: --scenes names a scene twice');
  return scenes as Scene[];
}

/**
 * `--writer-prices IN,OUT` and `--checker-prices IN,OUT` (per million tokens). Without
 * `--validator-*` flags the writer checks too, so its prices price the checks.
 */
export function pricesFlags(args: ParsedArgs, checkerIsWriter: boolean): ConstructionPrices {
  const writer = pricesFlag(args, 'writer-prices');
  const checker = pricesFlag(args, 'checker-prices') ?? (checkerIsWriter ? writer : undefined);
  return { ...(writer ? { writer } : {}), ...(checker ? { checker } : {}) };
}

function pricesFlag(args: ParsedArgs, name: string): TokenPrices | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n) || n < 0))
    throw new CliError(
      `generate: --${name} must be two prices per million tokens, input and output, as IN,OUT (e.g. 0.15,0.6), got "${raw}"`
    );
  return { inputPerMillion: numbers[0]!, outputPerMillion: numbers[1]! };
}
