/**
 * `npm run bench pages`: each page's weight, the JavaScript a first visit fetches before the page
 * is idle (no request for 500 ms), summed as gzip sizes (level 6, what static hosts send), in
 * Chromium against the built app (`npm run build` first). Budget (issue 13.11): every page at
 * most 150 KiB, the leaderboard at most 250 KiB with its charts loading after the table.
 * Prints figures; a page that does not load is an error, never a figure.
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Response } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveBuild } from './browser';

const BUDGET_KIB = 150;
const LEADERBOARD_BUDGET_KIB = 250;

/** Pages a visitor opens directly; /datasets redirects to the shipped benchmark's page. */
const PAGES = [
  '/',
  '/datasets',
  '/datasets/shipped/social',
  '/items',
  '/run',
  '/runs',
  '/compare',
  '/models',
  '/leaderboard'
];

interface Weight {
  files: number;
  gzipBytes: number;
}

async function weigh(browser: Browser, url: string): Promise<Weight> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<number>[] = [];
  const onResponse = (response: Response): void => {
    if (!new URL(response.url()).pathname.endsWith('.js')) return;
    bodies.push(response.body().then((body) => gzipSync(body, { level: 6 }).length));
  };
  page.on('response', onResponse);
  const response = await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
  if (response === null || !response.ok())
    throw new Error(`${url}: answered ${response?.status() ?? 'nothing'}`);
  // The page's own content is on screen: the app did start.
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  // Only what was fetched before the page was idle.
  page.off('response', onResponse);
  const sizes = await Promise.all(bodies);
  await context.close();
  return { files: sizes.length, gzipBytes: sizes.reduce((a, b) => a + b, 0) };
}

const server = await serveBuild();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS
});
let over = 0;
try {
  console.log(`${'page'.padEnd(36)} ${'JS files'.padStart(8)} ${'gzip KiB'.padStart(9)}   budget`);
  for (const path of PAGES) {
    const weight = await weigh(browser, `${server.url}${path}`);
    const kib = weight.gzipBytes / 1024;
    const budget = path === '/leaderboard' ? LEADERBOARD_BUDGET_KIB : BUDGET_KIB;
    if (kib > budget) over++;
    console.log(
      `${path.padEnd(36)} ${String(weight.files).padStart(8)} ${kib.toFixed(1).padStart(9)}   ${kib <= budget ? 'within' : 'OVER'} ${budget} KiB`
    );
  }
  console.log(over === 0 ? 'every page within its budget' : `${over} pages over their budget`);
} finally {
  await browser.close();
  await server.close();
}
