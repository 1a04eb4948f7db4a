import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './repo-root';

/** The tool's version, recorded with every run. */
export function appVersion(): string {
  const text = readFileSync(join(REPO_ROOT, 'package.json'), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}
