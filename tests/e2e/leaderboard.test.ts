import { expect, test, type Page } from '@playwright/test';

const MAJORITY = 'majority-attitude · plain · 0-shot';

/** Counts the canvas pixels that are not fully transparent (a drawn chart has thousands). */
async function paintedPixels(page: Page, name: string): Promise<number> {
  const frame = page.getByRole('img', { name });
  // Charts load once they come near the screen, as a reader scrolls to them.
  await frame.scrollIntoViewIfNeeded();
  await expect(frame.locator('xpath=ancestor::figure[1]')).toHaveAttribute('data-drawn', 'yes');
  return frame.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (ctx === null) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted;
  });
}

test('the prerendered leaderboard holds the published runs, baselines and reported figures before any script runs', async ({
  request
}) => {
  const response = await request.get('/leaderboard/');
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain(MAJORITY);
  expect(html).toContain('published, baseline');
  expect(html).toContain('most common gold attitude');
  expect(html).toContain('chance baseline');
  // Each split has its own chance rows, said to be for it.
  expect(html).toContain('for Shipped benchmark, standard split (written for this project)');
  expect(html).toContain('for Shipped benchmark, hard split (written for this project)');
  expect(html).toContain('setting not stated');
  expect(html).toContain('DeepSeek-R1');
  // The shipped bundles are genuine: their stated scores agree with their raw outputs.
  expect(html).not.toContain('stated scores disagree');
  // The majority baseline's overall accuracy on the shipped benchmark, recomputed at build time.
  expect(html).toMatch(/Items behind majority-attitude[^"]*overall">0\.\d{3}</);
  // A plain static host serves the same page for the address without the trailing slash.
  expect(await (await request.get('/leaderboard')).text()).toBe(html);
});

test('the published leaderboard reads without scripts', async ({ browser }) => {
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const bare = await noScript.newPage();
  await bare.goto('/leaderboard/');
  const table = bare.getByRole('table', { name: 'Leaderboard' });
  await expect(table.getByRole('rowheader', { name: new RegExp(MAJORITY) })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /uniform-random:seed=7/ })).toContainText('published');
  await noScript.close();
});

test('charts are drawn for the published runs, with the table as their alternative', async ({ page }) => {
  await page.goto('/leaderboard');
  // Once this browser's runs are read, the charts hold every row.
  await expect(page.getByRole('status').first()).toContainText('0 runs from this browser');
  await expect(page.getByRole('table', { name: 'Leaderboard' })).toBeVisible();
  // The charts sit below the table: until the reader scrolls there, none is drawn (their
  // library loads then; \`npm run bench pages\` weighs the page without it).
  await page.waitForLoadState('networkidle');
  await expect(page.locator('figure[data-drawn="yes"]')).toHaveCount(0);
  expect(await paintedPixels(page, 'Attitude detection: overall accuracy per model')).toBeGreaterThan(500);
  expect(await paintedPixels(page, 'Attitude detection: accuracy per category')).toBeGreaterThan(500);
  expect(await paintedPixels(page, 'Value selection: overall F1 per model')).toBeGreaterThan(500);
});

test('filters and sorting live in the address: a reload keeps them and Back undoes them', async ({
  page
}) => {
  await page.goto('/leaderboard');
  const table = page.getByRole('table', { name: 'Leaderboard' });
  await expect(table.getByRole('columnheader', { name: 'Value selection', exact: true })).toBeVisible();
  const filters = page.getByRole('form', { name: 'Leaderboard filters' });
  await filters.getByRole('group', { name: 'Task' }).getByLabel('Attitude detection').check();
  await expect(page).toHaveURL(/[?&]task=attitude/);
  await expect(table.getByRole('columnheader', { name: 'Value selection', exact: true })).toHaveCount(0);
  await filters.getByLabel('figures reported in the paper').uncheck();
  await expect(page).toHaveURL(/reported=hide/);
  await expect(table.getByRole('rowheader', { name: /DeepSeek-R1/ })).toHaveCount(0);
  await table.getByRole('button', { name: 'Sort by Attitude detection, political' }).click();
  await expect(page).toHaveURL(/sort=attitude%2Fpolitical/);

  await page.reload();
  await expect(filters.getByRole('group', { name: 'Task' }).getByLabel('Attitude detection')).toBeChecked();
  await expect(table.getByRole('columnheader', { name: 'Value selection', exact: true })).toHaveCount(0);
  await expect(table.getByRole('rowheader', { name: /DeepSeek-R1/ })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: /political/ })).toHaveAttribute(
    'aria-sort',
    'descending'
  );

  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/task=attitude/);
  await expect(page).not.toHaveURL(/reported=hide/);
  await expect(table.getByRole('rowheader', { name: /DeepSeek-R1/ }).first()).toBeVisible();
});

test('a cell opens the items behind it, fifty to a page, the page in the address', async ({ page }) => {
  await page.goto('/leaderboard');
  await page
    .getByRole('table', { name: 'Leaderboard' })
    .getByRole('link', { name: `Items behind ${MAJORITY}, Attitude detection, overall` })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Items behind the score');
  const count = page.getByTestId('item-count');
  await expect(count).toContainText('260 items, showing 1–50');
  const items = page.getByRole('list', { name: 'Items' }).getByRole('listitem');
  await expect(items).toHaveCount(50);
  await expect(items.first().getByTestId('raw-output')).toHaveText('agree');
  await page.getByRole('link', { name: 'Next' }).first().click();
  await expect(page).toHaveURL(/page=2/);
  await expect(count).toContainText('showing 51–100');
  await page.reload();
  await expect(count).toContainText('showing 51–100');
  await page
    .getByRole('navigation', { name: 'Which items' })
    .getByRole('link', { name: 'political' })
    .click();
  await expect(count).toContainText('40 items, showing 1–40');
  await expect(items.first()).toHaveAttribute('data-key', /^political\//);
  await items.first().getByText('Story', { exact: true }).click();
  await expect(items.first().locator('.story')).not.toBeEmpty();
  // The run's confusion matrix: a chart with a table of the same counts.
  expect(await paintedPixels(page, /Confusion matrix of/.source)).toBeGreaterThan(0);
});

test('a value-selection run shows how its per-story F1 is spread, as a chart and a table', async ({
  page
}) => {
  await page.goto('/leaderboard');
  await page
    .getByRole('table', { name: 'Leaderboard' })
    .getByRole('link', {
      name: /Items behind uniform-random:seed=7 · plain · 0-shot, Value selection, overall/
    })
    .click();
  await expect(page.getByTestId('item-count')).toContainText('46 items, showing 1–46');
  await expect(page.getByRole('list', { name: 'Items' }).getByTestId('verdict').first()).toHaveText(
    /^F1 \d\.\d{3}$/
  );
  const counts = page.getByRole('table', { name: 'Per-story F1 counts' }).getByRole('cell');
  await expect(counts.first()).toBeVisible();
  const total = (await counts.allTextContents()).reduce((sum, c) => sum + Number(c), 0);
  expect(total).toBe(46);
  expect(
    await paintedPixels(
      page,
      'Per-story F1 of uniform-random:seed=7 · plain · 0-shot (all categories of the run)'
    )
  ).toBeGreaterThan(500);
});

test('a published bundle whose stated scores were edited is shown with its recomputed scores and flagged', async ({
  page
}) => {
  await page.route('**/leaderboard/cqbench-run-attitude-*.json', async (route) => {
    const response = await route.fetch();
    const edited = (await response.text()).replace(/"score": ([0-9.]+)/, '"score": 0.99');
    await route.fulfill({ response, body: edited });
  });
  // Reached from another page, the leaderboard reads the bundles over the network in the browser.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cqbench-run-attitude' })).toContainText(
    'states scores that disagree with its raw outputs'
  );
  const row = page.getByRole('table', { name: 'Leaderboard' }).getByRole('row').filter({ hasText: MAJORITY });
  await expect(row.getByText('stated scores disagree').first()).toBeVisible();
  await expect(row.getByRole('link', { name: /overall/ })).not.toHaveText('0.990');
  // The other published bundle is untouched and not flagged.
  const random = page
    .getByRole('table', { name: 'Leaderboard' })
    .getByRole('row')
    .filter({ hasText: 'uniform-random:seed=7' });
  await expect(random.getByText('stated scores disagree')).toHaveCount(0);
});

test('a filter value that matches nothing is listed so it can be unticked, and Reset filters brings every row back', async ({
  page
}) => {
  await page.goto('/leaderboard/?category=nope&provider=gone');
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const filters = page.getByRole('form', { name: 'Leaderboard filters' });
  const stale = filters.getByRole('group', { name: 'Matching nothing here' });
  await expect(stale.getByLabel('category “nope”')).toBeChecked();
  await expect(stale.getByLabel('provider “gone”')).toBeChecked();
  await expect(table.getByRole('rowheader', { name: new RegExp(MAJORITY) })).toHaveCount(0);

  // Unticking one drops it from the address and from the list.
  // (A click, not uncheck(): the box goes away with the value it stood for.)
  await stale.getByLabel('provider “gone”').click();
  await expect(page).not.toHaveURL(/provider=gone/);
  await expect(page).toHaveURL(/category=nope/);
  await expect(stale.getByLabel('provider “gone”')).toHaveCount(0);

  await filters.getByRole('link', { name: 'Reset filters' }).click();
  await expect(page).not.toHaveURL(/category=nope/);
  await expect(table.getByRole('rowheader', { name: new RegExp(MAJORITY) })).toBeVisible();
  await expect(stale).toHaveCount(0);
});

test('the chance baselines come ready with the page, computed when the site was built', async ({
  page,
  request
}) => {
  // The prerendered page data already holds the baseline rows, so a reader's browser never scores them.
  const data = await (await request.get('/leaderboard/__data.json')).text();
  expect(data).toContain('reference|');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const status = page.getByRole('status').first();
  await page.goto('/');
  await nav.getByRole('link', { name: 'Leaderboard' }).click();
  await expect(status).toContainText('runs from this browser');
  await expect(page.getByRole('table', { name: 'Leaderboard' })).toContainText('most common gold attitude');
});
