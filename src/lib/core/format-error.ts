import type { z } from 'zod';

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
