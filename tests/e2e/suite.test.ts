import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer, RecordedRequest } from '../servers/fake-server';
import { answerByLength } from './server-run';
import { seriousViolations } from './axe';

/** Attitude questions by the statement's length; value selection: the first values listed. */
function answer(prompt: FakePrompt): string {
  if (prompt.lastUser.includes('Statement: ')) return answerByLength(prompt);
  const values = prompt.lastUser.split('\nValues:\n').at(-1) ?? '';
  return values.split('\n\n')[0]!.split('\n').slice(0, 3).join('\n');
}

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer, latencyMs: 40 });
});
test.afterAll(async () => {
  await server.close();
});

const chatRequests = (): RecordedRequest[] =>
  server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/chat/completions'));

/** How many times each prompt was asked: the four runs' prompts differ, so one prompt is one (run, item). */
function timesAsked(requests: readonly RecordedRequest[]): number[] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = JSON.stringify(r.body);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

const number = async (page: Page, testId: string): Promise<number> =>
  Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/,/g, ''));

test('a suite of 2 tasks × 2 settings on one category, closed mid-way and reopened, finishes with 4 runs and no item asked twice', async ({
  context
}) => {
  test.setTimeout(180_000);
  const first = await context.newPage();
  await first.goto('/run');
  await first.getByRole('radio', { name: /A suite/ }).check();
  const form = first.getByRole('form', { name: 'Suite settings' });
  await form.getByLabel('All categories').uncheck();
  await form.getByRole('group', { name: 'Categories' }).getByLabel('social').check();
  await expect(form.getByLabel('Attitude detection')).toBeChecked();
  await expect(form.getByLabel('Value selection')).toBeChecked();
  await expect(form.getByLabel('Plain, zero-shot')).toBeChecked();
  await form.getByLabel('Reasoning, one-shot').check();
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill('1');
  await form.getByLabel('Max tokens').fill('64');
  await form.getByRole('button', { name: 'Estimate the suite' }).click();

  // The estimate, before anything is asked: four runs, one call per item, tokens bounded.
  const estimate = first.getByRole('table', { name: 'Runs of the suite' });
  await expect(estimate.locator('tbody tr')).toHaveCount(4);
  await expect(estimate).toContainText('attitude, reasoning, 1-shot');
  const items = await number(first, 'estimate-items');
  expect(await number(first, 'estimate-calls')).toBe(items);
  expect(await number(first, 'estimate-output')).toBe(items * 64);
  expect(chatRequests()).toHaveLength(0);
  await first.getByLabel('Model input').fill('1');
  await first.getByLabel('Model output').fill('2');
  await expect(first.getByTestId('estimate-cost')).toContainText('Cost at most');
  await first.getByRole('button', { name: 'Start the suite (4 runs)' }).click();

  const progress = first.getByRole('region', { name: 'Suite progress' });
  await expect(progress.getByTestId('suite-place')).toContainText('run 2 of 4: attitude, reasoning, 1-shot', {
    timeout: 60_000
  });
  const atSecondRun = chatRequests().length;
  await expect.poll(() => chatRequests().length, { timeout: 30_000 }).toBeGreaterThan(atSecondRun + 5);
  // Close mid-run: from now on requests are dropped in the browser and never reach the server,
  // as when a tab closes between two calls; every reply received so far is stored.
  let held = false;
  await context.route(`${server.url}/**`, async (route) => {
    held = true;
    await route.abort('connectionrefused');
  });
  await expect.poll(() => held).toBe(true);
  await first.close();
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  const askedBeforeClose = chatRequests().length;
  expect(askedBeforeClose).toBeLessThan(items);

  const again = await context.newPage();
  await again.goto('/run');
  const resumed = again.getByRole('region', { name: 'Suite progress' });
  await expect(resumed.getByRole('status')).toContainText('Resuming a suite that was interrupted');
  await expect(resumed).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(resumed.getByTestId('suite-items')).toHaveText(
    `${String(items)} of ${String(items)} items done over all runs`
  );
  await expect(resumed.getByRole('status')).toContainText('Suite finished: 4 runs of fake-model');

  // Every (run, item) prompt reached the server exactly once.
  const asked = chatRequests();
  expect(asked).toHaveLength(items);
  expect(timesAsked(asked).every((n) => n === 1)).toBe(true);

  await again.getByRole('link', { name: 'See the suite’s rows on the leaderboard' }).click();
  await expect(again).toHaveURL(/\/leaderboard\/\?.*model=fake-model/);
  const board = again.getByRole('table', { name: 'Leaderboard' });
  // The suite's four runs, a row each (a row is one model under one task's prompt setting), and
  // nothing else: no other model, no reference rows.
  const rows = board.locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'fake-model' })).toHaveCount(4);
  await expect(rows.filter({ hasText: 'plain · 0-shot' })).toHaveCount(2);
  await expect(rows.filter({ hasText: 'reasoning · 1-shot' })).toHaveCount(2);
  await expect(again.getByRole('group', { name: 'Model' }).getByLabel('fake-model')).toBeChecked();

  await again.getByRole('link', { name: 'Runs', exact: true }).click();
  const runs = again.getByRole('table', { name: 'Runs' });
  await expect(runs.locator('tbody tr')).toHaveCount(4);
  await expect(runs.locator('tbody tr').filter({ hasText: 'done' })).toHaveCount(4);
});

for (const width of [1280, 390]) {
  test(`the suite form, its estimate and its progress at ${String(width)} px: labelled, no serious axe violation, no sideways scrolling`, async ({
    page
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/run');
    await page.getByRole('radio', { name: /A suite/ }).check();
    const form = page.getByRole('form', { name: 'Suite settings' });
    await form.getByLabel('All categories').uncheck();
    await form.getByRole('group', { name: 'Categories' }).getByLabel('ethical').check();
    // Value extraction with only a one-shot setting: refused, saying why.
    await form.getByLabel('Attitude detection').uncheck();
    await form.getByLabel('Value selection').uncheck();
    await form.getByLabel('Value extraction (judged)').check();
    await form.getByLabel('Plain, zero-shot').uncheck();
    await form.getByLabel('Plain, one-shot').check();
    await form.getByRole('button', { name: 'Estimate the suite' }).click();
    await expect(form.getByRole('alert')).toContainText('zero-shot only');

    await form.getByLabel('Value extraction (judged)').uncheck();
    await form.getByLabel('Attitude detection').check();
    await form.getByLabel('Plain, zero-shot').check();
    await form.getByRole('button', { name: 'Estimate the suite' }).click();
    // A baseline makes no calls.
    await expect(page.getByTestId('estimate-calls')).toHaveText('0');
    const checks = async (where: string): Promise<void> => {
      await page.waitForLoadState('networkidle');
      expect.soft(await seriousViolations(page), where).toEqual([]);
      const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
      expect.soft(scrollWidth, `${where} scrolls sideways`).toBeLessThanOrEqual(width);
    };
    await checks('the estimate');
    // A change to the form takes the estimate away: what starts is what was estimated.
    await form.getByLabel('Reasoning, zero-shot').check();
    await expect(page.getByRole('table', { name: 'Runs of the suite' })).toHaveCount(0);
    await form.getByRole('button', { name: 'Estimate the suite' }).click();
    await page.getByRole('button', { name: 'Start the suite (3 runs)' }).click();
    const progress = page.getByRole('region', { name: 'Suite progress' });
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(progress.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(page.getByTestId('suite-announcement')).toHaveText(/^Suite done: 3 runs, \d+ items\.$/);
    await checks('the finished suite');
  });
}
