import { expect, test, type Page } from '@playwright/test';
import { largeRun, type LargeRun } from '../fixtures/large-bundle';

const RESPONSES = 10_000;

const file = (f: { name: string; text: string }) => ({
  name: f.name,
  mimeType: 'application/json',
  buffer: Buffer.from(f.text)
});

async function importDataset(page: Page, run: LargeRun): Promise<void> {
  await page.goto('/datasets/shipped');
  await page.getByRole('button', { name: 'Import release files…' }).click();
  const form = page.getByRole('form', { name: 'Import release files' });
  await form.getByLabel('Name').fill(`large ${RESPONSES}`);
  await form.getByLabel('Files').setInputFiles(file(run.datasetFile));
  await form.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL(/\/datasets\/\d+/);
}

test('a 10,000-response bundle imports with its progress shown, every response stored, and its run page paged', async ({
  page
}) => {
  test.setTimeout(180_000);
  const run = await largeRun(RESPONSES, 'e2e-large-import');
  await importDataset(page, run);

  await page.goto('/runs');
  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('Files', { exact: true }).setInputFiles(file(run.bundleFile));
  await form.getByRole('button', { name: 'Import' }).click();
  // The progress line says how far the import is while it runs.
  const progress = form.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('aria-live', 'polite');
  await expect(progress).toContainText(/Reading and checking|Storing responses/);
  await expect(form.getByRole('status').filter({ hasText: `Imported ${run.bundleFile.name}` })).toBeVisible({
    timeout: 120_000
  });
  await expect(progress).toHaveText('');

  // Every response landed: the runs list counts them, and the run page scores all of them.
  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: run.model });
  await expect(row).toContainText('10000 of 10000');
  await form.getByRole('link', { name: 'a run' }).click();
  await expect(page.getByRole('heading', { name: `Run of ${run.model}` })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('item-count')).toContainText('10000 items, showing 1–100');
  const items = page.getByRole('table', { name: 'Items' });
  await expect(items.getByRole('row')).toHaveCount(101);

  // A later page, and an item's detail (its prompt rebuilt and its stored output read on demand).
  await page
    .getByRole('navigation', { name: 'Pages of items' })
    .first()
    .getByRole('link', { name: 'Next' })
    .click();
  await expect(page.getByTestId('item-count')).toContainText('showing 101–200');
  await items.getByRole('row').nth(1).getByRole('button').click();
  const detail = page.getByRole('region', { name: 'Item detail' });
  await expect(detail.getByRole('heading', { level: 3 })).toContainText('Scene 13');
  await expect(detail).toContainText('Statement 13.5');
});

test('a bundle that fails while being stored leaves nothing behind', async ({ page }) => {
  test.setTimeout(180_000);
  const run = await largeRun(5_000, 'e2e-large-import-fail');
  await importDataset(page, run);
  // The dataset was imported through the analysis worker, which also stores run imports; the
  // app's own navigation to the Runs page keeps the page, and so the worker.
  const worker = page.workers().find((w) => w.url().includes('analysis'));
  if (worker === undefined) throw new Error('the analysis worker did not import the dataset');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Runs', exact: true })
    .click();
  await expect(page.getByText('Import runs…')).toBeVisible();
  // The browser's storage refuses the third batch of responses, where the worker writes them.
  await worker.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to its store below
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'responses' && ++calls > 4_500)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('Files', { exact: true }).setInputFiles(file(run.bundleFile));
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toContainText('full', { timeout: 120_000 });
  const stored = await page.evaluate(
    () =>
      new Promise<{ runs: number; responses: number }>((resolve, reject) => {
        const open = indexedDB.open('cqbench');
        open.onerror = () => {
          reject(new Error('cannot open the database'));
        };
        open.onsuccess = () => {
          const tx = open.result.transaction(['runs', 'responses']);
          const runs = tx.objectStore('runs').count();
          const responses = tx.objectStore('responses').count();
          tx.oncomplete = () => {
            resolve({ runs: runs.result, responses: responses.result });
          };
        };
      })
  );
  expect(stored).toEqual({ runs: 0, responses: 0 });
});
