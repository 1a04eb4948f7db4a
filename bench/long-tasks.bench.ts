/**
 * `npm run bench long-tasks`: how long the main thread freezes with a large run (issue 13.4).
 * A 40,000-response attitude run (BENCH_RESPONSES to change it) is generated with its dataset;
 * in Chromium against the built app (`npm run build` first), the dataset is imported (until its
 * Datasets page lists its stories), then the run's bundle through the Runs page's form, then its run page, its items page and the
 * leaderboard (which scores the new run on its first visit) are opened. For each: the time until
 * it shows what it is for, the longest main-thread task and the count of tasks over 200 ms
 * (PerformanceObserver 'longtask' entries). Budget: no task over 200 ms. Prints figures; a step
 * that does not complete is an error, never a figure.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { largeRun } from '../tests/fixtures/large-bundle';
import { serveBuild } from './browser';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 40_000);
const BUDGET_MS = 200;
const STEP_TIMEOUT = 300_000;

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

interface Figures {
  ms: number;
  longest: number;
  over: number;
  tasks: number;
}

/** Records every long task of each document from its start (buffered), for `tasksSince`. */
function observeLongTasks(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks?.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

async function tasksSince(page: Page, since: number): Promise<{ start: number; duration: number }[]> {
  // Entries are delivered after the task that produced them: let the observer catch up.
  await page.waitForTimeout(300);
  const tasks = await page.evaluate(() => window.__longTasks);
  if (tasks === undefined) throw new Error('the long-task observer is not installed');
  return tasks.filter((t) => t.start >= since);
}

/** Runs `step` (which resolves once the page shows what it is for) and measures it. */
async function measure(page: Page, step: () => Promise<void>, sameDocument: boolean): Promise<Figures> {
  const since = sameDocument ? await page.evaluate(() => performance.now()) : 0;
  const start = performance.now();
  await step();
  const ms = performance.now() - start;
  const tasks = await tasksSince(page, since);
  return {
    ms,
    longest: Math.max(0, ...tasks.map((t) => t.duration)),
    over: tasks.filter((t) => t.duration > BUDGET_MS).length,
    tasks: tasks.length
  };
}

const made = performance.now();
const run = await largeRun(RESPONSES, 'long-tasks-bench');
console.log(
  `generated a ${RESPONSES.toLocaleString('en-US')}-response bundle (${(run.bundleFile.text.length / 1e6).toFixed(1)} MB) and its dataset in ${((performance.now() - made) / 1000).toFixed(1)} s`
);

// Long tasks stretch with the machine's load: the figures are printed with it.
const loadAtStart = loadavg()[0]!;
const server = await serveBuild();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS
});
const rows: [string, Figures][] = [];
try {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);

  await page.goto('/datasets/shipped');
  await page.getByRole('button', { name: 'Import release files…' }).click();
  const datasetForm = page.getByRole('form', { name: 'Import release files' });
  await datasetForm.getByLabel('Name').fill(`large ${RESPONSES}`);
  await datasetForm.getByLabel('Files').setInputFiles({
    ...run.datasetFile,
    mimeType: 'application/json',
    buffer: Buffer.from(run.datasetFile.text)
  });
  rows.push([
    'import the dataset',
    await measure(
      page,
      async () => {
        await datasetForm.getByRole('button', { name: 'Import' }).click();
        // Only an imported dataset's page offers to delete it: the shipped one is still shown until then.
        const opened = page.getByRole('button', { name: 'Delete this dataset' });
        const failed = datasetForm.getByRole('alert');
        await opened.or(failed).first().waitFor();
        if (await failed.isVisible())
          throw new Error(`the dataset import failed: ${await failed.innerText()}`);
        await page.getByText(/^\d+ stories$/).waitFor();
        // Its stories are listed, not only counted.
        await page.locator('ul.stories a').first().waitFor();
      },
      true
    )
  ]);

  await page.goto('/runs');
  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('What').selectOption({ label: 'Run bundles (.json)' });
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    ...run.bundleFile,
    mimeType: 'application/json',
    buffer: Buffer.from(run.bundleFile.text)
  });
  rows.push([
    'import the bundle',
    await measure(
      page,
      async () => {
        await form.getByRole('button', { name: 'Import' }).click();
        const done = form.getByRole('status').filter({ hasText: `Imported ${run.bundleFile.name}` });
        const failed = form.getByRole('alert');
        await done.or(failed).first().waitFor();
        if (await failed.isVisible()) throw new Error(`the import failed: ${await failed.innerText()}`);
      },
      true
    )
  ]);
  const href = await form.getByRole('link', { name: 'a run' }).getAttribute('href');
  const runId = /\/runs\/([^/?#]+)/.exec(href ?? '')?.[1];
  if (runId === undefined) throw new Error(`the import names no run (${String(href)})`);

  rows.push([
    'open its run page',
    await measure(
      page,
      async () => {
        await page.goto(`/runs/${runId}`);
        await page.getByRole('table', { name: 'Items' }).getByRole('row').nth(1).waitFor();
      },
      false
    )
  ]);
  rows.push([
    'open its items page',
    await measure(
      page,
      async () => {
        await page.goto(`/items?run=${runId}`);
        await page
          .getByTestId('item-count')
          .filter({ hasText: `${RESPONSES} items` })
          .waitFor();
      },
      false
    )
  ]);
  rows.push([
    'open the leaderboard (scores the run)',
    await measure(
      page,
      async () => {
        await page.goto('/leaderboard');
        await page
          .getByRole('status')
          .filter({ hasText: /1 run from this browser/ })
          .waitFor();
        await page.getByRole('table', { name: 'Leaderboard' }).getByText(run.model).first().waitFor();
      },
      false
    )
  ]);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}

console.log(
  `${'step'.padEnd(40)} ${'total s'.padStart(8)} ${'longest task ms'.padStart(16)} ${`tasks > ${BUDGET_MS} ms`.padStart(16)} ${'long tasks'.padStart(11)}`
);
let over = 0;
for (const [label, f] of rows) {
  over += f.over;
  console.log(
    `${label.padEnd(40)} ${(f.ms / 1000).toFixed(1).padStart(8)} ${f.longest.toFixed(0).padStart(16)} ${String(f.over).padStart(16)} ${String(f.tasks).padStart(11)}`
  );
}
console.log(
  `load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end, ${cpus().length} cores`
);
console.log(
  over === 0
    ? `no main-thread task over ${BUDGET_MS} ms in the measured steps`
    : `${over} main-thread tasks over ${BUDGET_MS} ms in the measured steps (budget: none)`
);
