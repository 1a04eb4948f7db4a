import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout the CLI runs from: the nearest folder above this module holding the shipped
 * `datasets/` and `package.json`. Found by walking up because the same code runs from
 * `src/cli/` (under tsx) and from the bundle in `dist/`.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'datasets'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the checkout (package.json and datasets/) above the CLI');
    dir = up;
  }
}

export const REPO_ROOT = findRoot();
