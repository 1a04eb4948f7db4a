import { readFile } from 'node:fs/promises';
import { deleteFromList } from './run-list';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { baselineRun } from './baseline-run';

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await readFile(await pathOf(download), 'utf8') };
}

async function pathOf(download: Download): Promise<string> {
  const path = await download.path();
  return path;
}

/** The Runs page's import form, opened, with the kind of file chosen. */
async function importForm(page: Page, kind: string): Promise<Locator> {
  await page.goto('/runs');
  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('What').selectOption({ label: kind });
  return form;
}

async function importBundle(page: Page, bundle: { name: string; text: string }): Promise<Locator> {
  const form = await importForm(page, 'Run bundles (.json)');
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: bundle.name,
    mimeType: 'application/json',
    buffer: Buffer.from(bundle.text)
  });
  await form.getByRole('button', { name: 'Import' }).click();
  return form;
}

/** The paper-compatible score shown on a run's page. */
async function scoreOf(page: Page, link: Locator): Promise<string> {
  await link.click();
  const text = (await page.getByTestId('score').textContent()) ?? '';
  return text.trim().split(/\s/)[0] ?? '';
}

test('a run goes out as a bundle, a per-item CSV and release results files, and each comes back with the same score', async ({
  page
}) => {
  test.setTimeout(120_000);
  await baselineRun(page, 'random', 'religious');
  await page.goto('/runs');
  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row').nth(1);
  const original = await scoreOf(page, row.getByRole('link').first());
  expect(original).toMatch(/^0\.\d{3}$/);

  await page.goto('/runs');
  const downloads = page.getByRole('group', { name: /Download uniform-random/ });
  const bundle = await saved(page, () => downloads.getByRole('button', { name: 'Bundle' }).click());
  expect(bundle.name).toMatch(/^cqbench-run-attitude-uniform-random.*\.json$/);
  const parsed: unknown = JSON.parse(bundle.text);
  expect(parsed).toMatchObject({ format: 'cqbench-run', run: { config: { task: 'attitude' } } });
  expect(bundle.text).not.toMatch(/api.?key/i);
  const csv = await saved(page, () => downloads.getByRole('button', { name: 'CSV' }).click());
  expect(csv.text.split('\n')[0]).toContain('raw_output');
  // Gold answers are in the CSV, and stories are numbered from 1 as the app shows them.
  const [header = '', first = ''] = csv.text.split(/\r?\n/);
  const columns = header.split(',');
  const cells = first.split(',');
  expect(cells[columns.indexOf('item_key')]).toBe('religious/0/0');
  expect(cells[columns.indexOf('story')]).toBe('1');
  expect(cells[columns.indexOf('gold_answer')]).toMatch(/\w/);
  const results = await saved(page, () => downloads.getByRole('button', { name: 'Results files' }).click());
  expect(results.name).toBe('results_1_religious.json');

  // The bundle of a run of this browser is that run: not imported a second time.
  let form = await importBundle(page, bundle);
  await expect(form.getByRole('status')).toContainText(`${bundle.name} is already in this browser as run`);
  // Once the run is deleted, the bundle back in: its scores are recomputed and agree, so nothing is flagged.
  await deleteFromList(page, /uniform-random/);
  form = await importBundle(page, bundle);
  await expect(form.getByRole('status')).toContainText(`Imported ${bundle.name}`);
  await expect(form.getByRole('status')).not.toContainText('Flagged');
  expect(await scoreOf(page, form.getByRole('link', { name: 'a run' }))).toBe(original);

  // The per-item CSV back in, as outputs of a named model.
  form = await importForm(page, 'Per-item CSV');
  await form
    .getByLabel('Files', { exact: true })
    .setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
  await form.getByLabel('Model name').fill('from-csv');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('Imported items.csv');
  expect(await scoreOf(page, form.getByRole('link', { name: 'a run' }))).toBe(original);

  // The release's results file back in, with the dataset it belongs to.
  form = await importForm(page, 'Release results files (results_*.json)');
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: results.name,
    mimeType: 'application/json',
    buffer: Buffer.from(results.text)
  });
  await form.getByLabel('Model name').fill('from-release-files');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText(`Imported ${results.name}`);
  expect(await scoreOf(page, form.getByRole('link', { name: 'a run' }))).toBe(original);

  await page.goto('/runs');
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(4);

  // Only ten of the items back in: the leaderboard marks the cell as partial instead of passing it off.
  const partial = csv.text.trim().split(/\r?\n/).slice(0, 11).join('\n');
  form = await importForm(page, 'Per-item CSV');
  await form
    .getByLabel('Files', { exact: true })
    .setInputFiles({ name: 'some.csv', mimeType: 'text/csv', buffer: Buffer.from(partial) });
  await form.getByLabel('Model name').fill('partial-csv');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('Imported some.csv');
  await page.goto('/leaderboard');
  const partialRow = page
    .getByRole('table', { name: 'Leaderboard' })
    .getByRole('row')
    .filter({ hasText: 'partial-csv' });
  await expect(partialRow.getByText(/^partial: 10 of \d+ answered/).first()).toBeVisible();
  const full = page
    .getByRole('table', { name: 'Leaderboard' })
    .getByRole('row')
    .filter({ hasText: 'from-csv' });
  await expect(full).toHaveCount(1);
  await expect(full.getByText(/partial:/)).toHaveCount(0);
});

test('a bundle whose stated scores were changed is flagged, and a malformed file imports nothing', async ({
  page
}) => {
  test.setTimeout(90_000);
  await baselineRun(page, 'majority', 'political');
  await page.goto('/runs');
  const downloads = page.getByRole('group', { name: /Download majority-attitude/ });
  const bundle = await saved(page, () => downloads.getByRole('button', { name: 'Bundle' }).click());
  const edited = bundle.text.replace(/"score": ([0-9.]+)/, '"score": 0.99');
  expect(edited).not.toBe(bundle.text);
  // The bundles below come from elsewhere, as far as this browser knows.
  await deleteFromList(page, /majority-attitude/);

  let form = await importForm(page, 'Run bundles (.json)');
  await form
    .getByLabel('Files', { exact: true })
    .setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(edited) });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('Flagged');
  await expect(form.getByRole('status')).toContainText('stated 0.99');
  await page.goto('/runs');
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('Imported from edited.json (run ');
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('Flagged');

  // A file with a field of the wrong type: a clear error naming the file and field, and no run.
  const broken = bundle.text.replace('"attempts": 1', '"attempts": "one"');
  form = await importForm(page, 'Run bundles (.json)');
  await form
    .getByLabel('Files', { exact: true })
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toContainText('broken.json');
  await expect(form.getByRole('alert')).toContainText('attempts');
  await page.goto('/runs');
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2);

  // Several files are one import: a sound bundle chosen with the broken one is not stored either.
  form = await importForm(page, 'Run bundles (.json)');
  await form.getByLabel('Files', { exact: true }).setInputFiles([
    { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(bundle.text) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) }
  ]);
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toContainText('broken.json');
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2);

  // The same run again (imported as edited.json): not stored twice, and the message links to it.
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(bundle.text)
  });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('good.json is already imported as run');
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2);
});

test('the leaderboard table downloads as CSV, published rows and reported figures included', async ({
  page
}) => {
  await page.goto('/leaderboard');
  const csv = await saved(page, () =>
    page.getByRole('button', { name: 'Download this table as CSV' }).click()
  );
  expect(csv.name).toBe('cqbench-leaderboard.csv');
  const lines = csv.text.trim().split(/\r?\n/);
  expect(lines.length).toBeGreaterThan(4);
  expect(csv.text).toContain('majority-attitude');
  expect(csv.text).toContain('DeepSeek-R1');
});
