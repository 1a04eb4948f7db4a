/**
 * The app under its own Content-Security-Policy (header from scripts/serve.mjs, <meta> from the
 * build): every page renders and works without a single violation, including llama.cpp in
 * WebAssembly (workers and 'wasm-unsafe-eval') loading and running a model.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyLlamaGguf, TINY_CHAT_TEMPLATE } from '../fixtures/gguf/tiny-llama';

test.describe.configure({ timeout: 120_000 });

const PAGES = [
  '/',
  '/datasets',
  '/datasets/shipped/social/1',
  '/run',
  '/runs',
  '/compare',
  '/items',
  '/leaderboard',
  '/models'
];

/** Records every CSP violation (the DOM event) and every console error of the page. */
async function watch(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`
      );
    });
  });
  return errors;
}

const violationsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('the server sends the policy and the security headers with every page', async ({ request }) => {
  const response = await request.get('/runs');
  const headers = response.headers();
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'/);
  expect(policy).toContain("worker-src 'self' blob:");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  // The same policy is in the page for hosts that send no headers.
  expect(await response.text()).toMatch(
    /<meta http-equiv="content-security-policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval' 'sha256-/
  );
});

test('every page renders without a CSP violation or a console error', async ({ page }) => {
  const errors = await watch(page);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await violationsOf(page), path).toEqual([]);
  }
  expect(errors).toEqual([]);
});

test('a model runs in WebAssembly without a CSP violation', async ({ page }) => {
  const errors = await watch(page);
  const path = join(mkdtempSync(join(tmpdir(), 'cqbench-csp-')), 'tiny.gguf');
  writeFileSync(path, tinyLlamaGguf({ chatTemplate: TINY_CHAT_TEMPLATE }));
  await page.goto('/models');
  const wllama = page.getByRole('region', { name: 'llama.cpp in WebAssembly' });
  await wllama.getByLabel('GGUF file').setInputFiles(path);
  const summary = wllama.getByRole('region', { name: 'Loaded model' });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByTestId('wllama-threads')).toHaveText(/^Multi-threaded/);
  await wllama.getByLabel('Prompt', { exact: true }).fill('What matters most?');
  await wllama.getByLabel('Max tokens').fill('8');
  await wllama.getByRole('button', { name: 'Run' }).click();
  await expect(wllama.getByRole('status').filter({ hasText: 'tokens generated' })).toContainText(
    '8 tokens generated',
    { timeout: 60_000 }
  );
  expect(await violationsOf(page)).toEqual([]);
  expect(errors).toEqual([]);
});
