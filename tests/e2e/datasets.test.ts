import { expect, test, type Page } from '@playwright/test';

async function openDatasets(page: Page): Promise<void> {
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/datasets\/shipped$/);
  await expect(page.getByRole('table', { name: 'Categories' })).toBeVisible();
}

test('the shipped benchmark lists its categories, says where its stories come from, and filters', async ({
  page
}) => {
  await openDatasets(page);
  await expect(page.getByTestId('provenance')).toContainText(
    'Written for this project following the CQ-Bench recipe'
  );
  const table = page.getByRole('table', { name: 'Categories' });
  for (const [category, stories] of [
    ['ethical', '8'],
    ['political', '8'],
    ['religious', '8'],
    ['social', '8'],
    ['random', '8'],
    ['multiple', '6']
  ]) {
    await expect(table.getByRole('row', { name: new RegExp(`^${category} ${stories} `) })).toBeVisible();
  }
  await expect(page.getByText('46 stories')).toBeVisible();

  await page.getByLabel('Category').selectOption('multiple');
  await expect(page.getByText('6 stories')).toBeVisible();
  await page.getByLabel('Category').selectOption('');
  await page.getByLabel('Scene').selectOption('airplane');
  const airplane = Number((await page.getByText(/^\d+ stor/).textContent())?.split(' ')[0]);
  expect(airplane).toBeGreaterThan(0);
  expect(airplane).toBeLessThan(46);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Statement').fill('Euthanasia is ethical.');
  await expect(page.getByRole('listitem').filter({ hasText: 'ethical-' }).first()).toBeVisible();
  expect(await page.locator('ul.stories li').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('searchbox').fill('hollandaise');
  await expect(page.getByText('1 story')).toBeVisible();
  await expect(page.getByRole('link', { name: 'The Last Tuesday of Folding Napkins' })).toBeVisible();
});

test('a story page shows the scene readably, hides the values until asked, and lists each task', async ({
  page
}) => {
  await openDatasets(page);
  await page.getByRole('searchbox').fill('hollandaise');
  await page.getByRole('link', { name: 'The Last Tuesday of Folding Napkins' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The Last Tuesday of Folding Napkins');
  await expect(page.getByTestId('provenance')).toContainText('not the paper');
  // Speeches are shown with their speaker; stage directions apart.
  await expect(page.locator('.speech .speaker').first()).toHaveText('Ingrid');
  await expect(page.locator('.speech .direction').first()).toContainText('portioning');
  await expect(page.getByTestId('gold-values')).toHaveCount(0);
  await expect(page.getByText('Task 1 · attitude detection (5 questions)')).toBeVisible();
  await expect(page.getByText('Task 2 · value selection (choose 5 of 15)')).toBeVisible();
  await expect(page.locator('.badge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reveal the values' }).click();
  await expect(page.getByTestId('gold-values').getByRole('listitem')).toHaveCount(5);
  await expect(page.locator('.badge')).toHaveCount(5);
  await expect(page.getByTestId('gold-values')).toContainText('Robberies?--Not frequently');
  // The search found this story alone, so there is no next story in that list; without the
  // search, Next follows the whole list.
  await expect(page.getByRole('link', { name: 'Next' })).toHaveCount(0);
  await page.goto(new URL(page.url()).pathname);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/datasets\/shipped\/random\/4$/);
  // The next story starts with its values hidden again, and its title is shown once.
  await expect(page.getByTestId('gold-values')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reveal the values' })).toBeVisible();
  await expect(page.locator('.story-title')).toHaveCount(0);
});

const HOSTILE = 'Nobody <img src=x onerror="window.__pwned=1"> was <b>hurt</b>.';
const story = `**Title: The Test Kitchen**\n\n**Setting:** A kitchen.\n\n**Characters:**\n- **Ana**, a cook\n\n---\n\n**Ana:** “${HOSTILE}”`;

function releaseFiles(): { name: string; mimeType: string; buffer: Buffer }[] {
  const json = (data: unknown) => Buffer.from(JSON.stringify(data));
  return [
    {
      name: 'dataset_setting1_social.json',
      mimeType: 'application/json',
      buffer: json([
        {
          story,
          questions: [{ value: 'Work is a duty', options: [' agree ', ' Disagree '], 'gold label': 'agree' }]
        }
      ])
    },
    {
      name: 'dataset_social_original.json',
      mimeType: 'application/json',
      buffer: json([
        {
          story,
          original_values: ['Work is a duty--agree'],
          values: ['Work is a duty--agree'],
          contradiction: []
        }
      ])
    }
  ];
}

/** Imports `releaseFiles()` as a dataset named `name`, from the Datasets page, and waits for its page. */
async function importRelease(page: Page, name: string): Promise<void> {
  await openDatasets(page);
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Files', { exact: true }).setInputFiles(releaseFiles());
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('provenance')).toContainText('Imported from release files');
}

test('release files import as a separate dataset that survives a reload, and render as text', async ({
  page
}) => {
  await importRelease(page, 'my release');
  await expect(
    page.getByRole('table', { name: 'Categories' }).getByRole('row', { name: /^social 1 1 0 1$/ })
  ).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Dataset')).toContainText('my release (imported)');
  await page.getByRole('link', { name: 'The Test Kitchen' }).click();
  // The markup in the story is shown as characters, never run.
  await expect(page.locator('.speech .words')).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('article.story img, article.story b')).toHaveCount(0);

  await page.getByRole('link', { name: /my release/ }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete this dataset' }).click();
  await expect(page).toHaveURL(/\/datasets\/shipped$/);
  await expect(page.getByLabel('Dataset')).not.toContainText('my release');
});

test('a malformed release file imports nothing and says which file, item and field', async ({ page }) => {
  await openDatasets(page);
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill('broken');
  const files = releaseFiles();
  files.push({
    name: 'dataset_setting2_social.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([{ story, options: 'not a list', values: [] }]))
  });
  await page.getByLabel('Files', { exact: true }).setInputFiles(files);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Could not read dataset_setting2_social.json: item 0, field "options": Invalid input: expected array, received string'
  );
  await page.reload();
  await expect(page.getByLabel('Dataset')).not.toContainText('broken');
});

test('a damaged stored dataset is named with a way to delete it, is not offered, and the Run page still opens', async ({
  page
}) => {
  await importRelease(page, 'kept');
  // A record the app can no longer read (say, left by an older version), written beside it.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('cqbench');
        open.onerror = () => {
          reject(new Error('cannot open the database'));
        };
        open.onsuccess = () => {
          const tx = open.result.transaction('datasets', 'readwrite');
          tx.objectStore('datasets').add({
            name: 'old damaged',
            importedAt: '2020-01-01T00:00:00.000Z',
            files: [],
            bundle: { categories: 3 }
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => {
            reject(new Error('cannot write the record'));
          };
        };
      })
  );

  await page.reload();
  const notice = page.getByText('The stored dataset "old damaged" is damaged and cannot be shown');
  await expect(notice).toBeVisible();
  await expect(page.getByLabel('Dataset')).toContainText('kept (imported)');
  await expect(page.getByLabel('Dataset')).not.toContainText('old damaged');

  // The Run page offers the good import and opens despite the damaged one.
  await page.goto('/run');
  const runDataset = page.getByRole('form', { name: 'Run settings' }).getByLabel('Dataset');
  await expect(runDataset).toContainText('kept (imported)');
  await expect(runDataset).not.toContainText('old damaged');

  await page.goto('/datasets/shipped');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete "old damaged"' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByLabel('Dataset')).toContainText('kept (imported)');
});
