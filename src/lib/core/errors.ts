import { z } from 'zod';
import { ModelError } from './ports';

/**
 * Input that does not have the expected shape. The message names the file, the item (array
 * index or line number) and the field, so a user can find the fault without a debugger.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly file: string,
    readonly where: string,
    readonly detail: string
  ) {
    super(`${file}: ${where ? `${where}: ` : ''}${detail}`);
  }
}

/** Describes a zod failure by its first issue: the path as `item 3, field "questions[0].value"`. */
export function describeIssue(error: z.ZodError, itemLabel = 'item'): { where: string; detail: string } {
  const issue = error.issues[0];
  if (!issue) return { where: '', detail: 'invalid' };
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const parts: string[] = [];
  let rest = path;
  if (typeof rest[0] === 'number') {
    parts.push(`${itemLabel} ${rest[0]}`);
    rest = rest.slice(1);
  }
  if (rest.length > 0) parts.push(`field "${formatPath(rest)}"`);
  return { where: parts.join(', '), detail: issue.message };
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}

/** Parses JSON text, turning a syntax error into a FormatError that names the file. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new FormatError(file, '', `not valid JSON (${detail})`);
  }
}

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
