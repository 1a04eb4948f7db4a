import { expect, test } from '@playwright/test';
import { baselineRun } from './baseline-run';

test('two local runs appear beside the published ones, and their comparison gives McNemar and the disagreements', async ({
  page
}) => {
  test.setTimeout(120_000);
  await baselineRun(page, 'majority', 'social');
  await baselineRun(page, 'random', 'social');

  // The leaderboard: the runs of this browser beside the published bundles.
  await page.goto('/leaderboard');
  await expect(page.getByRole('status').first()).toContainText('2 runs from this browser');
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const local = table.getByRole('row').filter({ has: page.getByText('local run, baseline') });
  await expect(local).toHaveCount(2);
  await expect(table.getByRole('row').filter({ has: page.getByText('published, baseline') })).toHaveCount(2);
  // 40 questions each: the two baselines' intervals overlap, so they are tied, not ranked apart.
  const social = table.getByRole('link', {
    name: /majority-attitude · plain · 0-shot, Attitude detection, social/
  });
  await expect(social).toHaveCount(2);
  await expect(local.first().getByTestId('rank').first()).toContainText('(tied)');
  // A local cell opens the items of the run in this browser.
  // A one-category run has no overall cell: "overall" is the whole split.
  await expect(local.first().getByRole('link', { name: /overall/ })).toHaveCount(0);
  await local
    .first()
    .getByRole('link', { name: /social/ })
    .click();
  await expect(page.getByTestId('item-count')).toContainText('40 items, showing 1–40');
  await expect(page.getByText('run in this browser')).toBeVisible();

  // Compare them from the selects.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compare two runs');
  const pick = page.getByRole('form', { name: 'Runs to compare' });
  const options = pick.getByLabel('Run A').locator('option');
  const majority = await options.filter({ hasText: 'majority-attitude' }).first().getAttribute('value');
  const random = await options.filter({ hasText: 'uniform-random' }).first().getAttribute('value');
  expect(majority).toBeTruthy();
  expect(random).toBeTruthy();
  await pick.getByLabel('Run A').selectOption(majority ?? '');
  await pick.getByLabel('Run B').selectOption(random ?? '');
  await pick.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/[?&]a=.*&b=/);

  await expect(page.getByTestId('test')).toContainText("McNemar's exact test: p = ");
  await expect(page.getByTestId('test')).toContainText('over 40 paired questions');
  await expect(page.getByTestId('difference')).toContainText('95% interval');
  const paired = page.getByRole('table', { name: 'Paired outcomes' });
  await expect(paired).toBeVisible();
  const disagreements = page.getByRole('list', { name: 'Disagreements' }).getByRole('listitem');
  expect(await disagreements.count()).toBeGreaterThan(0);
  // Side by side: the majority answer on one side, the random one on the other.
  await expect(disagreements.first().locator('pre')).toHaveCount(2);
  await expect(disagreements.first().locator('pre').first()).not.toBeEmpty();

  // A reload of the address gives the same comparison.
  const difference = await page.getByTestId('difference').textContent();
  await page.reload();
  await expect(page.getByTestId('difference')).toHaveText(difference ?? '');
});

test('a one-category run is compared with a published whole-split run on the items both answered, and the pickers offer one task', async ({
  page
}) => {
  test.setTimeout(60_000);
  await baselineRun(page, 'majority', 'ethical');
  await page.goto('/compare');
  const pick = page.getByRole('form', { name: 'Runs to compare' });
  const runB = pick.getByLabel('Run B');
  await expect(runB.locator('option', { hasText: 'published: cqbench-run-selection' })).toHaveCount(1);
  const local = await pick
    .getByLabel('Run A')
    .locator('option', { hasText: 'majority-attitude' })
    .first()
    .getAttribute('value');
  await pick.getByLabel('Run A').selectOption(local ?? '');
  // An attitude run is chosen: runs of other tasks are no longer offered.
  await expect(runB.locator('option', { hasText: 'published: cqbench-run-selection' })).toHaveCount(0);
  const published = await runB
    .locator('option', { hasText: 'published: cqbench-run-attitude' })
    .getAttribute('value');
  await runB.selectOption(published ?? '');
  await pick.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('test')).toContainText('over 40 paired questions');
  await expect(page.getByTestId('left-out')).toContainText('220 questions not answered by both runs');
});
