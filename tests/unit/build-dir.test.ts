/**
 * `BUILD_DIR=... npm run build` writes the app where BUILD_DIR says (svelte.config.js); the
 * build's step that copies index.html to 404.html for static hosts must use the same folder.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-build-dir-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the build with BUILD_DIR', () => {
  it('copies the 404 page inside BUILD_DIR, the folder the app was built into', () => {
    const build = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { build: string } }).scripts
      .build;
    // The step of `npm run build` that makes 404.html, run as npm runs it, after a build into dir.
    const step = build.split(' && ').find((s) => s.includes('404'));
    expect(step).toBeDefined();
    const page = '<!doctype html><title>built into BUILD_DIR</title>';
    writeFileSync(join(dir, 'index.html'), page);
    execSync(step!, { env: { ...process.env, BUILD_DIR: dir }, stdio: 'pipe' });
    expect(existsSync(join(dir, '404.html'))).toBe(true);
    expect(readFileSync(join(dir, '404.html'), 'utf8')).toBe(page);
  });
});
