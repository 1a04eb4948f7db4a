import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakeServer, RecordedRequest } from '../servers/fake-server';
import { answerByLength, startServerRun } from './server-run';

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer: answerByLength, latencyMs: 100 });
});
test.afterAll(async () => {
  await server.close();
});

function startRun(page: Page): Promise<void> {
  return startServerRun(page, server.url);
}
/** How many times each prompt (one per item) was asked. */
function timesAsked(requests: readonly RecordedRequest[]): number[] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = JSON.stringify(r.body);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

function progress(page: Page) {
  return page.getByRole('region', { name: 'Run progress' });
}

test('a second tab opened on the Run page leaves the run to the first: no item is asked twice', async ({
  context
}) => {
  test.setTimeout(90_000);
  const start = server.requests.length;
  const first = await context.newPage();
  await startRun(first);
  await expect(first.getByTestId('done')).toHaveText(/^[1-9]\d* of 40$/, { timeout: 30_000 });

  const second = await context.newPage();
  await second.goto('/run');
  await expect(progress(second)).toHaveAttribute('data-status', 'elsewhere');
  await expect(second.getByRole('status')).toContainText('running in another tab');
  await expect(second.getByRole('button', { name: 'Take over' })).toBeDisabled();

  await expect(progress(first)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const asked = server.requests.slice(start);
  expect(asked).toHaveLength(40);
  expect(timesAsked(asked).every((n) => n === 1)).toBe(true);
  // The first tab finished: the second may take over, and finds nothing left to ask.
  await second.getByRole('button', { name: 'Take over' }).click();
  await expect(progress(second)).toHaveAttribute('data-status', 'done');
  expect(server.requests.length - start).toBe(40);
});

test('when the tab running a run is closed, another tab takes it over and finishes it', async ({
  context
}) => {
  test.setTimeout(90_000);
  const start = server.requests.length;
  const first = await context.newPage();
  await startRun(first);
  const second = await context.newPage();
  await second.goto('/run');
  await expect(progress(second)).toHaveAttribute('data-status', 'elsewhere');
  await expect(first.getByTestId('done')).toHaveText(/^(1[0-9]|2[0-9]) of 40$/, { timeout: 30_000 });
  // Both tabs were open until now, and only the first asked.
  expect(timesAsked(server.requests.slice(start)).every((n) => n === 1)).toBe(true);

  await first.close();
  const takeOver = second.getByRole('button', { name: 'Take over' });
  await expect(takeOver).toBeEnabled();
  await takeOver.click();
  await expect(progress(second)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await second.getByRole('link', { name: 'Open this run' }).click();
  await expect(second.getByRole('table', { name: 'Items' }).getByRole('row')).toHaveCount(41);
  // At most the one request in flight when the first tab closed is asked again.
  const counts = timesAsked(server.requests.slice(start));
  expect(counts).toHaveLength(40);
  expect(counts.filter((n) => n > 1).length).toBeLessThanOrEqual(1);
});
