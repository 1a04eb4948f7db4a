import { FormatError } from '$lib/core/format-error';

/** What a stored dataset whose release files or origin no longer validate is refused with. */
export const DAMAGED_RECORD = 'the stored record is damaged';

/**
 * Whether `e` is that refusal (also once it has crossed from the analysis worker): apart from
 * `storage/datasets`, which loads the schemas, so the pages that only pick a dataset can ask.
 */
export function isDamagedDataset(e: unknown): e is FormatError {
  return e instanceof FormatError && e.detail === DAMAGED_RECORD;
}
