/**
 * WebLLM on the Local models page. Runs in the `webgpu` project, whose Chromium has a software
 * WebGPU adapter (SwiftShader, no shader-f16); the first test starts a Chromium of its own
 * without the flag. Model weights cannot be downloaded here, so no test generates text.
 */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { chromium, expect, test, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

const panel = (page: Page): Locator => page.getByRole('region', { name: 'WebLLM' });

test('without WebGPU the page says so, points to the CPU engine and offers no WebLLM model', async ({
  baseURL
}) => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS
  });
  try {
    const page = await browser.newPage({ baseURL });
    await page.goto('/models');
    const status = panel(page).getByTestId('webgpu-status');
    await expect(status).toContainText('WebGPU is not available');
    await expect(status).toContainText(
      'The CPU engine further down this page (llama.cpp in WebAssembly) works'
    );
    await expect(page.getByRole('heading', { name: 'llama.cpp in WebAssembly (CPU)' })).toBeVisible();
    await expect(panel(page).getByRole('combobox', { name: 'WebLLM model' })).toHaveCount(0);
    await expect(panel(page).locator('option')).toHaveCount(0);
    await expect(panel(page).getByRole('button', { name: 'Load', exact: true })).toHaveCount(0);
    // What is stored can still be seen and deleted without a GPU.
    await expect(panel(page).getByText('No WebLLM model is stored in this browser.')).toBeVisible();
  } finally {
    await browser.close();
  }
});

test('with the software adapter, f16 is reported absent and only models without shader-f16 are offered', async ({
  page
}) => {
  await page.goto('/models');
  const webllm = panel(page);
  await expect(webllm.getByTestId('webgpu-adapter')).not.toBeEmpty();
  await expect(webllm.getByTestId('webgpu-status')).not.toContainText('not available');
  await expect(webllm.getByTestId('webgpu-f16')).toContainText('not supported');

  const picker = webllm.getByRole('combobox', { name: 'WebLLM model' });
  await expect(picker).toBeVisible();
  const offered = await picker
    .locator('option')
    .evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''));
  const known = new Map(prebuiltAppConfig.model_list.map((m) => [m.model_id, m]));
  expect(offered.length).toBeGreaterThan(10);
  for (const id of offered) {
    const record = known.get(id);
    expect(record, `${id} is one of web-llm's models`).toBeDefined();
    expect(record?.required_features ?? [], id).not.toContain('shader-f16');
    // Some f16 models are not marked in required_features; their quantization says it.
    expect(`${id} ${record?.model_lib ?? ''}`).not.toMatch(/q\d+f16/);
  }
  expect(offered).toContain('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  expect(offered).not.toContain('Llama-3.2-1B-Instruct-q4f16_1-MLC');
  await expect(webllm).toContainText('models need shader-f16 (16-bit floats), which this GPU lacks.');
});

test('a custom model at a path that does not exist fails with a message naming the file, and the page stays usable', async ({
  page,
  baseURL
}) => {
  await page.goto('/models');
  const webllm = panel(page);
  await webllm.getByText('Add a model by URL').click();
  const form = webllm.getByRole('form', { name: 'Add a WebLLM model by URL' });
  await form.getByLabel('Model id').fill('missing-q4f32_1-MLC');
  await form.getByLabel('Weights URL').fill('/no-such-model/');
  await form.getByLabel('Model library URL (.wasm)').fill('/no-such-model/missing.js');
  await form.getByRole('button', { name: 'Add model' }).click();
  await expect(form).toContainText('The model library is a WebAssembly file: its URL ends in .wasm.');

  await form.getByLabel('Model library URL (.wasm)').fill('/no-such-model/missing-q4f32_1-webgpu.wasm');
  await form.getByRole('button', { name: 'Add model' }).click();
  const picker = webllm.getByRole('combobox', { name: 'WebLLM model' });
  await expect(picker).toHaveValue('missing-q4f32_1-MLC');
  await expect(webllm.getByTestId('webllm-model-details')).toContainText('added by URL');

  await webllm.getByRole('button', { name: 'Load', exact: true }).click();
  // The site answers a missing file with 404 (not its app page), so this is the case a wrong URL hits.
  await expect(webllm.getByRole('alert')).toHaveText(
    `Could not download the model's configuration (mlc-chat-config.json) from ${baseURL ?? ''}/no-such-model/resolve/main/mlc-chat-config.json: the server answered HTTP 404.`,
    { timeout: 30_000 }
  );

  await expect(webllm.getByRole('button', { name: 'Load', exact: true })).toBeEnabled();
  await expect(webllm.getByTestId('webllm-progress')).toHaveCount(0);
  await picker.selectOption('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  await expect(webllm.getByTestId('webllm-model-details')).toContainText('needs 1.1 GB GPU memory');
  // Nothing of the failed model was stored.
  await expect(webllm.getByText('No WebLLM model is stored in this browser.')).toBeVisible();
  await expect(webllm.getByTestId('webllm-storage')).toContainText('This site uses');
  await page.getByRole('link', { name: 'Datasets' }).first().click();
  await expect(page).toHaveURL(/\/datasets/);
});

test('the cache list shows what web-llm stored, with its size, and deletes it', async ({ page }) => {
  await page.goto('/models');
  const webllm = panel(page);
  await expect(webllm.getByText('No WebLLM model is stored in this browser.')).toBeVisible();
  // Weights cannot be downloaded here, so store what web-llm would have, where it would.
  await page.evaluate(async () => {
    const base = 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC/resolve/main/';
    const cache = await caches.open('webllm/model');
    await cache.put(`${base}tensor-cache.json`, new Response('{"records":[]}'));
    await cache.put(`${base}params_shard_0.bin`, new Response(new Uint8Array(3 * 2 ** 20)));
  });
  await webllm.getByRole('button', { name: 'Refresh' }).click();
  const table = webllm.getByRole('table', { name: 'Downloaded WebLLM models' });
  await expect(
    table.getByRole('row', { name: /Llama-3\.2-1B-Instruct-q4f32_1-MLC 3\.0 MB complete/ })
  ).toBeVisible();
  await expect(webllm.getByTestId('webllm-storage')).toContainText('more is available');

  await webllm.getByRole('button', { name: 'Delete Llama-3.2-1B-Instruct-q4f32_1-MLC' }).click();
  await expect(webllm.getByText('No WebLLM model is stored in this browser.')).toBeVisible();
  const left = await page.evaluate(async () => (await (await caches.open('webllm/model')).keys()).length);
  expect(left).toBe(0);
});
