import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The tool's version, recorded with every run. */
export function appVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}
