/**
 * Real inference in the browser: the test writes a tiny llama model (random weights, a few
 * hundred tokens), picks it in the /models page, and llama.cpp compiled to WebAssembly runs it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodedPiece,
  TINY_CHAT_TEMPLATE,
  TINY_WORDS,
  tinyLlamaGguf,
  tinyVocabulary,
  type TinyModelOptions
} from '../fixtures/gguf/tiny-llama';

// Loading llama.cpp and generating takes seconds; on a slow machine more than the default 30.
test.describe.configure({ timeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'cqbench-gguf-'));

function writeModel(name: string, options: TinyModelOptions): string {
  const path = join(dir, name);
  writeFileSync(path, tinyLlamaGguf(options));
  return path;
}

const pieces = tinyVocabulary().flatMap((t) => decodedPiece(t) ?? []);

/** True when the text is a sequence of the vocabulary's pieces (what the model can emit). */
function madeOfPieces(text: string): boolean {
  const reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (let i = 0; i < text.length; i++) {
    if (!reachable[i]) continue;
    for (const p of pieces) if (text.startsWith(p, i)) reachable[i + p.length] = true;
  }
  return reachable[text.length] === true;
}

function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'llama.cpp in WebAssembly' });
}

async function loadFile(page: Page, path: string): Promise<Locator> {
  await page.goto('/models');
  const wllama = panel(page);
  await wllama.getByLabel('GGUF file').setInputFiles(path);
  await expect(wllama.getByRole('region', { name: 'Loaded model' })).toBeVisible({ timeout: 60_000 });
  return wllama;
}

async function runPrompt(wllama: Locator, prompt: string, maxTokens: number): Promise<void> {
  await wllama.getByLabel('Prompt', { exact: true }).fill(prompt);
  await wllama.getByLabel('Max tokens').fill(String(maxTokens));
  await wllama.getByRole('button', { name: 'Run' }).click();
}

test('a picked GGUF file loads, multi-threaded, and a prompt streams generated text', async ({ page }) => {
  const path = writeModel('tiny-chat.gguf', { chatTemplate: TINY_CHAT_TEMPLATE });
  const wllama = await loadFile(page, path);
  const summary = wllama.getByRole('region', { name: 'Loaded model' });
  await expect(summary).toContainText('tiny-chat.gguf');
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  await expect(summary.getByText(sha256)).toBeVisible();
  // The served page is cross-origin isolated, so llama.cpp runs on several threads.
  await expect(summary.getByTestId('wllama-threads')).toHaveText(/^Multi-threaded, \d+ threads$/);
  await expect(summary).toContainText("The model's own chat template");

  await runPrompt(wllama, 'What matters most to this family?', 24);
  const stats = wllama.getByRole('status').filter({ hasText: 'tokens generated' });
  // The tiny model never emits its end token, so it writes exactly the maximum.
  await expect(stats).toContainText('24 tokens generated', { timeout: 60_000 });
  await expect(stats).toContainText('tokens/s');
  const answer = (await wllama.getByLabel('Answer', { exact: true }).textContent()) ?? '';
  expect(answer.trim()).not.toBe('');
  expect(answer).not.toContain('\uFFFD');
  expect(madeOfPieces(answer)).toBe(true);
  expect(TINY_WORDS.some((w) => answer.includes(` ${w}`))).toBe(true);

  // The same prompt again: llama.cpp reuses the prompt it already has in its KV cache.
  await wllama.getByRole('button', { name: 'Run' }).click();
  await expect(stats).toContainText(/\d+ of them reused from the KV cache/, { timeout: 60_000 });
});

test('Stop ends a long generation, and the model answers again afterwards', async ({ page }) => {
  const path = writeModel('tiny-plain.gguf', {});
  const wllama = await loadFile(page, path);
  await expect(wllama).toContainText('the file has no chat template');

  await runPrompt(wllama, 'Tell a long story about a village market.', 1500);
  const answer = wllama.getByLabel('Answer', { exact: true });
  await expect(answer).not.toBeEmpty({ timeout: 60_000 });
  await wllama.getByRole('button', { name: 'Stop' }).click();
  await expect(wllama.getByRole('status').filter({ hasText: 'Stopped.' })).toBeVisible();
  await expect(wllama.getByRole('button', { name: 'Run' })).toBeEnabled();
  await expect(wllama.getByRole('alert')).toHaveCount(0);
  const stoppedText = (await answer.textContent()) ?? '';
  expect(stoppedText).not.toContain('\uFFFD');
  await expect(wllama.getByText('1500 tokens generated')).toHaveCount(0);

  await runPrompt(wllama, 'And then?', 8);
  await expect(wllama.getByRole('status').filter({ hasText: 'tokens generated' })).toContainText(
    '8 tokens generated',
    { timeout: 60_000 }
  );
});

test('a model that emits stray UTF-8 bytes still gives clean text, not an error', async ({ page }) => {
  // Alone, most of this model's favourite tokens are invalid UTF-8, which wllama cannot encode.
  const path = writeModel('tiny-bytes.gguf', { emitsRawBytes: true });
  const wllama = await loadFile(page, path);
  for (const seed of ['1', '2', '3']) {
    await wllama.getByLabel('Seed').fill(seed);
    await runPrompt(wllama, 'Say something.', 24);
    const stats = wllama.getByRole('status').filter({ hasText: 'tokens generated' });
    await expect(stats).toContainText('24 tokens generated', { timeout: 60_000 });
    await expect(wllama.getByRole('alert')).toHaveCount(0);
    const answer = (await wllama.getByLabel('Answer', { exact: true }).textContent()) ?? '';
    expect(answer).not.toBe('');
    expect(answer).not.toContain('\uFFFD');
  }
});

test('a model given by its URL downloads, is hashed and answers', async ({ page }) => {
  const bytes = tinyLlamaGguf({ seed: 'by-url' });
  // The page fetches the file like any other same-origin download.
  await page.route('**/downloads/tiny-url.gguf', (route) =>
    route.fulfill({ body: Buffer.from(bytes), contentType: 'application/octet-stream' })
  );
  await page.goto('/models');
  const wllama = panel(page);
  await wllama.getByLabel('Model URL').fill('/downloads/tiny-url.gguf');
  await wllama.getByRole('button', { name: 'Load from URL' }).click();
  const summary = wllama.getByRole('region', { name: 'Loaded model' });
  await expect(summary).toContainText('tiny-url.gguf', { timeout: 60_000 });
  await expect(summary).toContainText(`${bytes.length.toLocaleString('en-US')} bytes`);
  await expect(summary.getByText(createHash('sha256').update(bytes).digest('hex'))).toBeVisible();
  await runPrompt(wllama, 'Hello?', 4);
  await expect(wllama.getByRole('status').filter({ hasText: 'tokens generated' })).toContainText(
    '4 tokens generated',
    {
      timeout: 60_000
    }
  );
});

test('a file that is not a GGUF model is refused in plain words', async ({ page }) => {
  const path = join(dir, 'notes.gguf');
  writeFileSync(path, 'These are notes, not model weights.\n');
  await page.goto('/models');
  const wllama = panel(page);
  await wllama.getByLabel('GGUF file').setInputFiles(path);
  await expect(wllama.getByRole('alert')).toContainText('notes.gguf is not a GGUF model file');
  await expect(wllama.getByRole('region', { name: 'Loaded model' })).toHaveCount(0);
});
