import { FormatError } from './format-error';

/**
 * The one place that turns an error into the sentence a user sees. Known errors already carry
 * a message written for users; anything else is reported as unexpected, with its text.
 */
export function userMessage(error: unknown): string {
  if (error instanceof FormatError) return `Could not read ${error.message}`;
  if (error instanceof Error) {
    if (error.name === 'QuotaExceededError')
      return 'The browser has no storage left for this site. Free some space and try again.';
    // These carry messages written for users (what failed, and what to do about it).
    if (error.name === 'DatasetImportError' || error.name === 'ModelError') return error.message;
    return `Unexpected error: ${error.message}`;
  }
  return `Unexpected error: ${String(error)}`;
}
