/**
 * What a newcomer met in issue 14 (items 6, 7, 8, 11, 13): a one-category items page as wide as
 * the screen, a phone's navigation, a baseline's prompt figures, the run form's sources and its
 * end of run, and dataset filters that survive Back and Next.
 */
import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakeServer } from '../servers/fake-server';
import { baselineRun } from './baseline-run';
import { answerByLength } from './server-run';

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer: answerByLength });
});
test.afterAll(async () => {
  await server.close();
});

const scrollWidth = (page: Page): Promise<number> =>
  page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);

/** The row headings (gold attitudes) of the confusion matrix on the page. */
async function matrixRows(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Confusion matrix' }).getByRole('rowheader');
  await expect(rows.first()).toBeVisible();
  return (await rows.allTextContents()).map((t) => t.trim());
}

test('the items page of one category shows a confusion matrix of its own labels, within the page width', async ({
  page
}) => {
  test.setTimeout(90_000);
  await baselineRun(page, 'majority', 'All');
  await page.getByRole('link', { name: 'Open this run' }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

  await page.goto(`/items?run=${runId}`);
  const everyLabel = await matrixRows(page);

  await page.goto(`/items?run=${runId}&category=social`);
  await expect(page.getByTestId('item-count')).toContainText('40 items');
  const golds = new Set(
    (await page.getByTestId('gold').allTextContents()).map((t) => t.trim().toLowerCase())
  );
  const rows = await matrixRows(page);
  // Only the attitudes social's own questions have, not every one of the run.
  expect(new Set(rows.map((r) => r.toLowerCase()))).toEqual(golds);
  expect(rows.length).toBeLessThan(everyLabel.length);
  // The page stays as wide as the window; the counts scroll inside a region the keyboard reaches.
  expect(await scrollWidth(page)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
  const region = page.getByRole('region', { name: 'Confusion matrix counts' });
  await region.focus();
  await expect(region).toBeFocused();
});

test('on a 390 px phone the navigation wraps inside the header and no page scrolls sideways', async ({
  page
}) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  const header = await page.locator('header').first().boundingBox();
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  await expect(links).toHaveCount(7);
  const tops = new Set<number>();
  for (const link of await links.all()) {
    await expect(link).toBeVisible();
    const box = await link.boundingBox();
    expect(box, (await link.textContent()) ?? '').not.toBeNull();
    if (!box || !header) continue;
    expect(box.x + box.width, `${await link.textContent()} ends inside the header`).toBeLessThanOrEqual(
      header.x + header.width
    );
    expect(box.y + box.height).toBeLessThanOrEqual(header.y + header.height);
    tops.add(Math.round(box.y));
  }
  expect(tops.size, 'the links take more than one line').toBeGreaterThan(1);
  for (const path of [
    '/',
    '/datasets',
    '/run',
    '/runs',
    '/leaderboard',
    '/compare',
    '/annotate',
    '/models'
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await scrollWidth(page), path).toBeLessThanOrEqual(390);
  }
});

test('a baseline run shows no shared-prompt figure; a server run shows one per item, never more than a prompt', async ({
  page
}) => {
  test.setTimeout(90_000);
  await baselineRun(page, 'majority', 'social');
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toContainText('Answered');
  await expect(progress).not.toContainText('Prompt shared with the previous item');

  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const shared = Number((await progress.getByTestId('shared-prefix').textContent())?.match(/\d+/)?.[0]);
  const longest = Math.max(
    ...server.requests.map((r) =>
      ((r.body as { messages?: { content: string }[] }).messages ?? []).reduce(
        (n, m) => n + m.content.length,
        0
      )
    )
  );
  expect(shared).toBeGreaterThan(0);
  expect(shared).toBeLessThanOrEqual(longest);
});

test('an OpenAI-compatible server is a source of its own, a typed URL survives a change of source, and the end of a run is announced and focused', async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  const source = form.getByLabel('Source');
  const baseUrl = form.getByLabel('Base URL');

  // OpenAI again after another source: the typed address stays, the preset's does not come back.
  await source.selectOption('openai');
  await baseUrl.fill(server.url);
  await source.selectOption('llamacpp');
  await expect(baseUrl).not.toHaveValue(server.url);
  await source.selectOption('openai');
  await expect(baseUrl).toHaveValue(server.url);

  // The plain server source has no preset address to overwrite.
  await source.selectOption({ label: 'OpenAI-compatible server' });
  await expect(baseUrl).toHaveValue('');
  await baseUrl.fill(server.url);
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(progress.getByRole('heading', { name: /done/ })).toBeFocused();
  const announcement = page.getByTestId('run-announcement');
  await expect(announcement).toHaveAttribute('aria-live', 'polite');
  await expect(announcement).toHaveText('Run done: 40 answered, 0 failed of 40.');
});

test('dataset filters live in the address: Back from a story keeps them, and Next walks the filtered list', async ({
  page
}) => {
  await page.goto('/datasets');
  await page.getByLabel('Scene').selectOption('airplane');
  await expect(page).toHaveURL(/\?scene=airplane$/);
  const list = page.locator('ul.stories a');
  const count = await list.count();
  expect(count).toBeGreaterThan(1);
  expect(count).toBeLessThan(46);
  const listed = await Promise.all((await list.all()).map(async (a) => (await a.getAttribute('href')) ?? ''));

  await list.first().click();
  await expect(page).toHaveURL(/\/datasets\/shipped\/\w+\/\d+\?scene=airplane$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/datasets\/shipped\?scene=airplane$/);
  await expect(page.getByLabel('Scene')).toHaveValue('airplane');
  await expect(page.getByText(`${count} stories`)).toBeVisible();

  // Next, from the first airplane story, visits exactly the listed stories in order, then ends.
  const titles = await list.allTextContents();
  const next = page.getByRole('navigation', { name: 'Story navigation' }).getByRole('link', { name: 'Next' });
  await list.first().click();
  for (const [n, href] of listed.entries()) {
    if (n > 0) await next.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(titles[n] ?? '');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(href);
    await expect(page.locator('main p.muted').first()).toContainText('airplane');
  }
  await expect(next).toHaveCount(0);
});
