/**
 * Every page of the app, with data in it, at a desktop and a phone width: axe finds no serious or
 * critical violation, and at the phone width no page scrolls sideways.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { baselineRun } from './baseline-run';
import { seriousViolations } from './axe';

const PHONE = 390;
const WIDTHS = [1280, PHONE];

/** Two finished baseline runs, an annotation project and an opened assignment; returns the pages. */
async function seed(page: Page): Promise<string[]> {
  await baselineRun(page, 'majority', 'social');
  await page
    .getByRole('region', { name: 'Run progress' })
    .getByRole('link', { name: 'Open this run' })
    .click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await baselineRun(page, 'random', 'social');

  await page.goto('/annotate');
  const form = page.getByRole('form', { name: 'New annotation project' });
  await form.getByLabel('Name').fill('Pilot');
  await form.getByLabel('How many').fill('2');
  await form.getByLabel('Annotators (comma-separated)').fill('ana, ben');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/annotate\/project\/[^/]+$/);
  const project = new URL(page.url()).pathname;
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: "Download ana's assignment" }).click();
  const file = await (await download).path();
  await page.goto('/annotate');
  await page.getByLabel('Open an assignment file').setInputFiles({
    name: 'assignment.json',
    mimeType: 'application/json',
    buffer: readFileSync(file)
  });
  await expect(page).toHaveURL(/\/annotate\/work\/[^/]+\/ana$/);
  const work = new URL(page.url()).pathname;

  return [
    '/',
    '/datasets',
    '/datasets/shipped/social/1',
    '/run',
    '/runs',
    `/runs/${runId}`,
    `/items?run=${runId}`,
    `/items?run=${runId}&category=social`,
    '/compare',
    '/leaderboard',
    '/models',
    '/annotate',
    project,
    work
  ];
}

for (const width of WIDTHS) {
  test(`every page at ${width} px has no serious or critical axe violation and no sideways scrolling`, async ({
    page
  }) => {
    // axe takes several seconds a page on a busy machine, and the data is made through the UI.
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height: 900 });
    const paths = await seed(page);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // The run and items pages draw their tables once the run is scored: check them drawn.
      if (/^\/(runs\/|items)/.test(path)) {
        await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
      }
      await page.waitForLoadState('networkidle');
      expect.soft(await seriousViolations(page), `${path} at ${width} px`).toEqual([]);
      const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
      expect.soft(scrollWidth, `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
    }
  });
}
