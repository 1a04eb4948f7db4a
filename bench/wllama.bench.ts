/**
 * `npx tsx bench/wllama.bench.ts` (after `npm run build`): llama.cpp in WebAssembly on the tiny
 * generated model, in headless Chromium, through the /models page a user sees. Prints load
 * time and generated tokens per second, multi-threaded (the page as served, cross-origin
 * isolated) and single-threaded (the same page without COOP/COEP). Asserts nothing.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHROMIUM_ARGS } from '../playwright.config';
import { TINY_CHAT_TEMPLATE, tinyLlamaGguf } from '../tests/fixtures/gguf/tiny-llama';

const PORT = 4391;
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = 3;
const MAX_TOKENS = 128;

async function serve(): Promise<() => void> {
  const server = spawn('node', ['scripts/serve.mjs', 'build'], {
    env: { ...process.env, PORT: String(PORT) }
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('served')) resolve();
    });
    server.on('exit', (code) => {
      reject(new Error(`the server exited with ${String(code)}; run npm run build first`));
    });
  });
  return () => server.kill();
}

/** Serves every response without the isolation headers, so the page runs single-threaded. */
async function withoutIsolation(page: Page): Promise<void> {
  await page.route(`${BASE}/**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

async function measure(page: Page, model: string, label: string): Promise<void> {
  await page.goto(`${BASE}/models`);
  const panel = page.getByRole('region', { name: 'llama.cpp in WebAssembly' });
  const started = performance.now();
  await panel.getByLabel('GGUF file').setInputFiles(model);
  await panel.getByRole('region', { name: 'Loaded model' }).waitFor({ timeout: 120_000 });
  const loadMs = performance.now() - started;
  const threads = await panel.getByTestId('wllama-threads').textContent();
  await panel.getByLabel('Max tokens').fill(String(MAX_TOKENS));
  const speeds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await panel.getByLabel('Seed').fill(String(i + 1));
    await panel.getByRole('button', { name: 'Run' }).click();
    const stats = panel.getByRole('status').filter({ hasText: 'tokens generated' });
    await stats.waitFor({ timeout: 300_000 });
    const match = /([\d.]+) tokens\/s/.exec((await stats.textContent()) ?? '');
    if (match) speeds.push(Number(match[1]));
  }
  const mean = speeds.reduce((a, b) => a + b, 0) / Math.max(1, speeds.length);
  console.log(
    `${label.padEnd(16)} ${String(threads).padEnd(26)} load ${loadMs.toFixed(0).padStart(6)} ms   ` +
      `${mean.toFixed(1).padStart(7)} tokens/s (runs: ${speeds.map((s) => s.toFixed(1)).join(', ')})`
  );
}

const dir = mkdtempSync(join(tmpdir(), 'cqbench-bench-'));
const model = join(dir, 'tiny-bench.gguf');
const bytes = tinyLlamaGguf({ chatTemplate: TINY_CHAT_TEMPLATE });
writeFileSync(model, bytes);
console.log(`tiny llama: ${bytes.length} bytes; ${RUNS} prompts of ${MAX_TOKENS} tokens each`);

const stop = await serve();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS
});
try {
  await measure(await browser.newPage(), model, 'isolated');
  const single = await browser.newPage();
  await withoutIsolation(single);
  await measure(single, model, 'not isolated');
} finally {
  await browser.close();
  stop();
}
