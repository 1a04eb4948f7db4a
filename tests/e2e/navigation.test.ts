import { expect, test } from '@playwright/test';

test('the navigation reaches every page, and each page renders its heading', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CQ-Bench in the browser');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [label, heading] of [
    ['Datasets', 'Datasets'],
    ['Run', 'Run a model'],
    ['Runs', 'Runs'],
    ['Leaderboard', 'Leaderboard']
  ] as const) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('a deep link works from the static host (fallback page)', async ({ page }) => {
  const response = await page.goto('/leaderboard');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaderboard');
  // The paper's figures carry their source.
  await expect(page.getByText('arXiv 2504.01127')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'DeepSeek-R1' }).first()).toBeVisible();
});

test('the page makes no errors in the console', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/');
  await page.getByRole('link', { name: 'Leaderboard' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaderboard');
  expect(errors).toEqual([]);
});
