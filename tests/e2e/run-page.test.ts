import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer } from '../servers/fake-server';
import { baselineRun } from './baseline-run';

/** Picks an option by the statement's length; says nothing for every seventh length. */
function answer(prompt: FakePrompt): string {
  const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
  const options = (/^Options: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '').split(', ');
  if (statement.length % 7 === 0) return '';
  return options[statement.length % options.length] ?? '';
}

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer });
});
test.afterAll(async () => {
  await server.close();
});

/** An attitude run on every category, opened on its page. */
async function wholeRun(page: Page): Promise<void> {
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill('8');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await progress.getByRole('link', { name: 'Open this run' }).click();
}

const number = async (page: Page, row: string, column: number): Promise<number> =>
  Number(
    await page
      .getByRole('table', { name: 'Scores by category' })
      .getByRole('row', { name: new RegExp(`^${row} `) })
      .getByRole('cell')
      .nth(column)
      .textContent()
  );

test('a run page shows scores per category, the confusion matrix, and an item table filtered from its address', async ({
  page
}) => {
  test.setTimeout(120_000);
  await wholeRun(page);

  // One row per category and one for the whole run, each with its interval.
  const scores = page.getByRole('table', { name: 'Scores by category' });
  await expect(scores.getByRole('row')).toHaveCount(1 + 6 + 1);
  await expect(
    scores
      .getByRole('row', { name: /^social / })
      .getByRole('cell')
      .nth(1)
  ).toHaveText(/^0\.\d{3}–[01]\.\d{3}$/);
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();

  // Every row says its story as people count, the statement, the answer and the gold answer.
  const table = page.getByRole('table', { name: 'Items' });
  const rows = table.getByRole('row');
  await expect(page.getByTestId('item-count')).toContainText('260 items, showing 1–100');
  await expect(rows).toHaveCount(101);
  await expect(rows.nth(1).getByRole('button')).toHaveText(/story 1, question 1$/);
  await expect(rows.nth(1).getByTestId('gold')).toHaveText(/\w/);
  await page
    .getByRole('navigation', { name: 'Pages of items' })
    .first()
    .getByRole('link', { name: 'Next' })
    .click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('item-count')).toContainText('showing 101–200');

  // Wrong answers of one category: the filter is in the address and survives a reload.
  const which = page.getByRole('navigation', { name: 'Which items' });
  await which.getByRole('link', { name: 'social' }).click();
  await which.getByRole('link', { name: 'wrong only' }).click();
  await expect(page).toHaveURL(/category=social&outcome=wrong/);
  await page.reload();
  const wrong = await number(page, 'social', 4);
  expect(wrong).toBeGreaterThan(0);
  await expect(rows).toHaveCount(1 + wrong);
  for (const row of await rows.all().then((all) => all.slice(1))) {
    await expect(row.getByRole('button')).toHaveText(/^social story \d+, question \d+$/);
    await expect(row.getByTestId('outcome')).toHaveText('wrong');
    expect(await row.getByTestId('extracted').textContent()).not.toBe(
      await row.getByTestId('gold').textContent()
    );
  }

  await which.getByRole('link', { name: 'unparseable only' }).click();
  await expect(page).toHaveURL(/category=social&outcome=unparseable/);
  const unparseable = await number(page, 'social', 5);
  expect(unparseable).toBeGreaterThan(0);
  await expect(rows).toHaveCount(1 + unparseable);
  await expect(rows.nth(1).getByTestId('outcome')).toHaveText('no answer');

  // The chart follows the category: only social's questions are counted in it.
  const matrix = page.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix.getByRole('cell').first()).toBeVisible();
  const counted = (await matrix.getByRole('cell').allTextContents()).reduce((sum, c) => sum + Number(c), 0);
  expect(counted).toBe(40);

  // An item's detail: its prompt, raw output, gold answer and verdict.
  await rows.nth(1).getByRole('button').click();
  const detail = page.getByRole('region', { name: 'Item detail' });
  await expect(detail.getByTestId('verdict')).toHaveText('no answer');
  await expect(detail).toContainText('Statement:');
});

test('the items page and the value-selection run page show gold answers and per-story F1', async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Task').selectOption('selection');
  await form.getByLabel('Source').selectOption('random');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await progress.getByRole('link', { name: 'Open this run' }).click();

  const counts = page.getByRole('table', { name: 'Per-story F1 counts' }).getByRole('cell');
  // allTextContents does not wait: read the counts only once the table is there.
  await expect(counts.first()).toBeVisible();
  const stories = (await counts.allTextContents()).reduce((sum, c) => sum + Number(c), 0);
  await expect(page.getByRole('table', { name: 'Items' }).getByRole('row')).toHaveCount(1 + stories);
  const first = page.getByRole('table', { name: 'Items' }).getByRole('row').nth(1);
  await expect(first.getByRole('button')).toHaveText('social story 1');
  // Gold values, one a line, as the story's setting-2 item lists them.
  await expect(first.getByTestId('gold')).toHaveText(/\S--\S/);

  const runId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await page.goto(`/items?run=${runId}`);
  const item = page.getByRole('list', { name: 'Items' }).getByRole('listitem').first();
  await expect(item.locator('header strong')).toHaveText('social story 1');
  await expect(item.getByTestId('gold')).toHaveText(/\S--\S/);
});

test('a baseline run page numbers questions from 1 in every place', async ({ page }) => {
  await baselineRun(page, 'majority', 'religious');
  await page.getByRole('link', { name: 'Open this run' }).click();
  await expect(
    page.getByRole('button', { name: 'religious story 1, question 1', exact: true })
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /\/0\// })).toHaveCount(0);
});
