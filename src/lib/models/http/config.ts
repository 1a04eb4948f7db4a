import { z } from 'zod';
import { ModelError } from '../../core/ports';
import { urlSecretProblem } from '../../core/schema/run';

/** Pieces of the providers' settings schemas, and their validation in one place. */

/**
 * An http(s) URL without trailing slashes, so paths can be appended as `${baseUrl}/models`.
 * Without user info or query string: the URL is stored with runs, a key must not be in it.
 */
export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .check((ctx) => {
    const problem = urlSecretProblem(ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .transform((url) => url.replace(/\/+$/, ''));

/**
 * Printable ASCII without spaces: a stray newline pasted with a key would make fetch throw an
 * error that quotes the header, key included. Zod's messages never quote the input.
 */
export const apiKeySchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .regex(/^[\x21-\x7e]+$/, 'may only hold printable characters without spaces');

export const modelNameSchema = z.string().trim().min(1, 'is empty');

/** Requests in flight at once; cloud APIs take a few, a local server often only one. */
export const concurrencySchema = z.number().int().min(1).max(64).default(4);

/** Extra request headers (e.g. OpenRouter's HTTP-Referer and X-Title). */
export const headersSchema = z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/), z.string());

/** Validates settings, throwing a `permanent` ModelError that names the field (never its value). */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')} ` : '';
  throw new ModelError('permanent', `invalid ${what} settings: ${field}${issue?.message ?? 'invalid'}`);
}

/** The host of a URL, as a label for servers without a well-known name. */
export function hostLabel(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** An optional key: an empty settings field means "no key", not an invalid one. */
export const optionalApiKeySchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  apiKeySchema.optional()
);
