/**
 * A benchmark run on a model running in this tab: the tiny generated GGUF is loaded with
 * llama.cpp in WebAssembly on the Local models page, then run on the Run page, and its raw
 * outputs are stored and scored like any other run.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_CHAT_TEMPLATE, tinyLlamaGguf } from '../fixtures/gguf/tiny-llama';

// Stories short enough for the tiny model's context (its vocabulary spells most words byte by byte).
const story = (n: number): string =>
  `**Title: Tea ${n}**\n\n**Setting:** A kitchen.\n\n**Characters:**\n- **Ana**, a cook\n\n---\n\n**Ana:** “We share the soup, always.”`;
const question = {
  value: 'Work is a duty towards society',
  options: [' agree ', ' Disagree '],
  'gold label': 'agree'
};
const release = [
  {
    name: 'dataset_setting1_social.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify([1, 2, 3].map((n) => ({ story: story(n), questions: [question, question] })))
    )
  }
];

test('a model loaded in the tab runs the benchmark from the Run page and its answers are scored', async ({
  page
}) => {
  test.setTimeout(120_000);
  const path = join(mkdtempSync(join(tmpdir(), 'cqbench-local-run-')), 'tiny-run.gguf');
  writeFileSync(path, tinyLlamaGguf({ chatTemplate: TINY_CHAT_TEMPLATE }));

  await page.goto('/models');
  const wllama = page.getByRole('region', { name: 'llama.cpp in WebAssembly' });
  await wllama.getByLabel('GGUF file').setInputFiles(path);
  await expect(wllama.getByRole('region', { name: 'Loaded model' })).toBeVisible({ timeout: 60_000 });

  // Client-side navigation keeps the loaded engine.
  await page.getByRole('link', { name: 'Datasets', exact: true }).click();
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill('tiny');
  await page.getByLabel('Files', { exact: true }).setInputFiles(release);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('provenance')).toContainText('Imported');
  await page.getByRole('link', { name: 'Run', exact: true }).click();
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Dataset').selectOption({ label: 'tiny (imported)' });
  await form.getByLabel('Source').selectOption({ label: 'In this tab: tiny-run.gguf (wllama)' });
  await form.getByLabel('Max tokens').fill('6');
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(progress.getByTestId('done')).toHaveText('6 of 6');
  // A story's second question reuses the first one's prompt prefix in llama.cpp's KV cache.
  const reused = Number(await progress.getByTestId('reused').textContent());
  expect(reused).toBeGreaterThan(0);
  await page.getByRole('link', { name: 'Open this run' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run of tiny-run.gguf');
  await expect(page.getByTestId('score')).toHaveText(/^\d\.\d{3}/);
  await page.getByRole('button', { name: 'social story 1, question 1' }).click();
  // Real generated text was stored as the raw output.
  await expect(page.getByTestId('raw-output')).not.toHaveText('(no output)');
  await expect(page.getByTestId('raw-output')).not.toBeEmpty();
});
