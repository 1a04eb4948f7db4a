import { z } from 'zod';
import { describeIssue, FormatError } from './format-error';
import { ModelError } from './ports';

/**
 * A deliberate refusal, written for the user: what cannot be done and what to do instead
 * ("the run's calls are not finished: resume the run first"). Never "unexpected".
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

export const STORAGE_FULL =
  "This browser's storage for the app is full: delete runs you no longer need on the Runs page, or free disk space, and try again.";

/**
 * A full store, however it arrives: the browser's own QuotaExceededError, or wrapped by the
 * storage library (Dexie's AbortError of the transaction keeps it as `inner`, a BulkError
 * among its `failures`), or as an error's `cause`.
 */
function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  if ('name' in error && error.name === 'QuotaExceededError') return true;
  const wrapped = [
    'inner' in error ? error.inner : undefined,
    'cause' in error ? error.cause : undefined,
    ...('failures' in error && Array.isArray(error.failures) ? (error.failures as unknown[]) : [])
  ];
  return wrapped.some((e) => isQuotaExceeded(e, depth + 1));
}

/**
 * The one place that turns any error into the sentence a user sees. Refusals and model errors
 * already carry a message written for users; a refused setting names its field; anything else
 * is reported as unexpected, with its text.
 */
export function userMessage(error: unknown): string {
  if (error instanceof FormatError) return `Could not read ${error.message}`;
  if (error instanceof UserError || error instanceof ModelError) return error.message;
  if (error instanceof z.ZodError) {
    const { where, detail } = describeIssue(error);
    return `A setting was refused${where === '' ? '' : ` (${where})`}: ${detail}.`;
  }
  if (error instanceof Error) {
    if (isQuotaExceeded(error)) return STORAGE_FULL;
    // Kept by name: it comes from the storage layer, which this core does not import.
    if (error.name === 'DatasetImportError') return error.message;
    return `Unexpected error: ${error.message}`;
  }
  return `Unexpected error: ${String(error)}`;
}
