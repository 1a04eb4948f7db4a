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
    if (error.name === 'QuotaExceededError')
      return 'The browser has no storage left for this site. Free some space and try again.';
    // Kept by name: it comes from the storage layer, which this core does not import.
    if (error.name === 'DatasetImportError') return error.message;
    return `Unexpected error: ${error.message}`;
  }
  return `Unexpected error: ${String(error)}`;
}
