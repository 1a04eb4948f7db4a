import { expect, test } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakeServer } from '../servers/fake-server';
import { answerByLength } from './server-run';

let server: FakeServer;
test.beforeAll(async () => {
  // The first answer never ends; the second is slower than the timeout the user sets.
  server = await startOpenAIServer({
    answer: answerByLength,
    faults: { 1: { kind: 'endless' }, 2: { kind: 'latency', ms: 4000 } }
  });
});
test.afterAll(async () => {
  await server.close();
});

test('the limits set on the Run page bound each try and each reply, and are kept with the run', async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill('1');
  // Empty fields say what they default to.
  await expect(form.getByLabel('Reply cap (KB)')).toHaveAttribute('placeholder', '256');
  await form.getByLabel('Per-try timeout (s)').fill('1');
  await form.getByLabel('Tries per item').fill('2');
  await form.getByLabel('Reply cap (KB)').fill('4');
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // The endless reply was cut at 4 KB and not asked again; the slow one timed out after 1 s
  // and its second try answered: 40 items, 41 requests.
  await expect(page.getByTestId('failed')).toContainText('1');
  await expect(page.getByTestId('last-failure')).toHaveText('no response within 1 s');
  expect(server.requests.length).toBe(41);

  await page.getByRole('link', { name: 'Open this run' }).click();
  await expect(page.getByTestId('run-limits')).toHaveText('timeout 1 s, 2 tries, reply cap 4 KB');
  await page.getByRole('button', { name: 'social story 1, question 1' }).click();
  await expect(page.getByRole('region', { name: 'Item detail' })).toContainText(
    'Failed: reply larger than 4.0 KB:'
  );
});

test('a limit outside its range is refused before anything is asked', async ({ page }) => {
  const before = server.requests.length;
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  const tries = form.getByLabel('Tries per item');
  await tries.fill('50');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  // The browser's own check stops the form and says why at the field.
  expect(await tries.evaluate((input: HTMLInputElement) => input.validationMessage)).not.toBe('');
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveCount(0);
  expect(server.requests.length).toBe(before);
});
