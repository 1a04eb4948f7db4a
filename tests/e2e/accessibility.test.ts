import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baselineRun } from './baseline-run';

// Every page of the app, each at a desktop and a phone width. The run page and the items page
// need a run, made once by a baseline (no server needed) in a browser profile all tests share.
const PAGES = [
  '/',
  '/datasets',
  '/datasets/shipped',
  '/datasets/shipped/social/1',
  '/run',
  '/runs',
  '/compare',
  '/leaderboard',
  '/models',
  '/annotate',
  'the run page',
  'the items page'
];
const PHONE = 390;
const WIDTHS = [1280, PHONE];

let context: BrowserContext;
let page: Page;
let runId = '';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  // axe needs a page of a context the test made (it refuses pages from browser.newPage()).
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await baselineRun(page, 'majority', 'social');
  await page.goto('/runs');
  await page.getByRole('table', { name: 'Runs' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  runId = new URL(page.url()).pathname.split('/').pop() ?? '';
});

test.afterAll(async () => {
  await context.close();
});

function urlOf(path: string): string {
  if (path === 'the run page') return `/runs/${runId}`;
  if (path === 'the items page') return `/items?run=${runId}`;
  return path;
}

for (const width of WIDTHS) {
  for (const path of PAGES) {
    test(`${path} at ${width} px: no serious or critical axe violation${width === PHONE ? ', no sideways scrolling' : ''}`, async () => {
      // axe takes several seconds a page on a busy machine.
      test.setTimeout(90_000);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(urlOf(path));
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect.soft(serious).toEqual([]);
      if (width === PHONE) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
      }
    });
  }
}
