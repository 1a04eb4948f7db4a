import { expect, test } from '@playwright/test';
import { baselineRun } from './baseline-run';

test('a one-category local run shows on the leaderboard without a script error and never fills the overall column', async ({
  page
}) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await baselineRun(page, 'random', 'social');

  await page.goto('/leaderboard');
  await expect(page.getByRole('status').first()).toContainText('1 run from this browser');
  // The per-category chart is drawn, though the local row has no score in most categories.
  const profile = page.getByRole('img', { name: 'Attitude detection: accuracy per category' });
  await profile.scrollIntoViewIfNeeded();
  await expect(profile.locator('xpath=ancestor::figure[1]')).toHaveAttribute('data-drawn', 'yes');
  await expect(page.getByText('The chart could not be drawn')).toHaveCount(0);
  expect(errors).toEqual([]);
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const local = table.getByRole('row').filter({ has: page.getByText('local run, baseline') });
  await expect(local).toHaveCount(1);
  // Its social cell is there and says which run it comes from; the overall cell is empty.
  const social = local.getByRole('link', { name: /Attitude detection, social/ });
  await expect(social).toBeVisible();
  await expect(social.locator('xpath=ancestor::td[1]')).toHaveAttribute('title', /^from run [0-9a-f-]{36}$/);
  await expect(local.getByRole('link', { name: /Attitude detection, overall/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('one model’s runs on every category make one row whose overall cell is computed from their items', async ({
  page
}) => {
  test.setTimeout(180_000);
  const categories = ['random', 'political', 'ethical', 'religious', 'social', 'multiple'];
  for (const c of categories) await baselineRun(page, 'random', c);
  await page.goto('/leaderboard/?task=attitude&reported=hide&references=hide');
  await expect(page.getByRole('status').first()).toContainText('6 runs from this browser', {
    timeout: 30_000
  });
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const local = table.getByRole('row').filter({ has: page.getByText('local run, baseline') });
  await expect(local).toHaveCount(1);
  const overall = local.locator('td').first();
  await expect(overall).toHaveAttribute('title', /^overall computed from the items of run .* and run /);
  await expect(overall).toContainText('from the items of 6 runs');
  await expect(overall).toContainText('n=260');
  await expect(overall.getByTestId('rank')).toBeVisible();
});
