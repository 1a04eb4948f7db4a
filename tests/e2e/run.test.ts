import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { closedPort } from '../servers/closed-port';
import type { FakeServer } from '../servers/fake-server';
import { answerByLength, startServerRun } from './server-run';

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer: answerByLength, latencyMs: 120 });
});
test.afterAll(async () => {
  await server.close();
});

function startRun(page: Page): Promise<void> {
  return startServerRun(page, server.url);
}
async function finalScore(page: Page): Promise<string> {
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
    timeout: 30_000
  });
  await page.getByRole('link', { name: 'Open this run' }).click();
  return (await page.getByTestId('score').textContent()) ?? '';
}

test('a run closed mid-way resumes when the app is opened again, asks nothing twice, and scores as an uninterrupted run', async ({
  context
}) => {
  test.setTimeout(120_000);
  const first = await context.newPage();
  await startRun(first);
  await expect(first.getByTestId('done')).toHaveText(/^(1[0-9]|[2-3][0-9]) of 40$/, { timeout: 30_000 });
  await first.close();
  const askedBeforeClose = server.requests.length;
  expect(askedBeforeClose).toBeLessThan(40);

  const again = await context.newPage();
  await again.goto('/run');
  await expect(again.getByRole('status')).toContainText('Resuming a run that was interrupted');
  const resumedScore = await finalScore(again);
  // At most the one request in flight when the tab closed is asked again.
  expect(server.requests.length).toBeLessThanOrEqual(41);
  await expect(again.getByRole('table', { name: 'Items' }).getByRole('row')).toHaveCount(41);

  const before = server.requests.length;
  const clean = await context.newPage();
  await startRun(clean);
  const cleanScore = await finalScore(clean);
  expect(server.requests.length - before).toBe(40);
  expect(resumedScore).toBe(cleanScore);

  // Every item shows its prompt, raw output and verdict.
  await clean.getByRole('button', { name: 'social story 1, question 1' }).click();
  const detail = clean.getByRole('region', { name: 'Item detail' });
  await expect(detail.getByTestId('raw-output')).not.toBeEmpty();
  await expect(detail).toContainText('Statement:');
  await expect(detail.getByTestId('verdict')).toHaveText(/^(correct|wrong|no answer)$/);

  // The Runs page lists both runs with their answers.
  await clean.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(clean.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(3);
  await expect(clean.getByRole('table', { name: 'Runs' })).toContainText('40 of 40');
});

test('a refused request stops the run with a message that says what to fix', async ({ page }) => {
  const locked = await startOpenAIServer({ answer: answerByLength, apiKey: 'right' });
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('ethical');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(locked.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('API key').fill('wrong');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'stopped');
  await expect(progress.getByRole('status')).toContainText(/key/i);
  await expect(progress.getByRole('status')).not.toContainText('wrong');
  await locked.close();
});

test('a server nothing listens on stops the run within seconds, naming it and the fix; once it is up, Resume finishes the run', async ({
  page
}) => {
  test.setTimeout(90_000);
  const port = await closedPort();
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(`http://127.0.0.1:${port}/v1`);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill('1');
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'stopped', { timeout: 20_000 });
  await expect(progress.getByRole('status')).toContainText(`http://127.0.0.1:${port}/v1`);
  await expect(progress.getByRole('status')).toContainText('OLLAMA_ORIGINS');
  // The reason is on the panel, and no item was written off as failed.
  await expect(progress.getByTestId('last-failure')).toContainText(`could not reach 127.0.0.1:${port}`);
  await expect(progress.getByTestId('failed')).toHaveText('0');

  const server = await startOpenAIServer({ answer: answerByLength, port });
  await progress.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress.getByTestId('answered')).toHaveText('40');
  expect(server.requests).toHaveLength(40);
  await server.close();
});
