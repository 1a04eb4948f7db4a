import { readFile } from 'node:fs/promises';
import { deleteFromList } from './run-list';
import { expect, test } from '@playwright/test';
import { baselineRun } from './baseline-run';

const MAJORITY = 'majority-attitude · plain · 0-shot';
const RESCORED = /rescored \(scorer v2 → v\d+\)/;

/**
 * A bundle as an earlier scorer (`cqbench-scorer-2`) would have written it: its stated version,
 * and stated scores that the current rules no longer give.
 */
function asScoredByV2(text: string): string {
  const older = text
    .replace(/"scorerVersion": "cqbench-scorer-\d+"/, '"scorerVersion": "cqbench-scorer-2"')
    .replace(/"score": ([0-9.]+)/, '"score": 0.99');
  expect(older).toContain('"cqbench-scorer-2"');
  expect(older).toContain('"score": 0.99');
  return older;
}

test('a bundle scored by an earlier scorer version imports as rescored, not as edited', async ({ page }) => {
  test.setTimeout(90_000);
  await baselineRun(page, 'majority', 'political');
  await page.goto('/runs');
  const runs = page.getByRole('table', { name: 'Runs' });
  await runs.getByRole('row').nth(1).getByRole('link').first().click();
  const original = ((await page.getByTestId('score').textContent()) ?? '').trim().split(/\s/)[0];
  expect(original).toMatch(/^0\.\d{3}$/);

  await page.goto('/runs');
  const downloads = page.getByRole('group', { name: /Download majority-attitude/ });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    downloads.getByRole('button', { name: 'Bundle' }).click()
  ]);
  const older = asScoredByV2(await readFile(await download.path(), 'utf8'));
  // A bundle of a run this browser holds is not imported again: it comes from elsewhere here.
  await deleteFromList(page, /majority-attitude/);

  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('What').selectOption({ label: 'Run bundles (.json)' });
  await form
    .getByLabel('Files', { exact: true })
    .setInputFiles({ name: 'older.json', mimeType: 'application/json', buffer: Buffer.from(older) });
  await form.getByRole('button', { name: 'Import' }).click();
  const status = form.getByRole('status');
  await expect(status).toContainText('Imported older.json');
  await expect(status).toContainText(RESCORED);
  await expect(status).not.toContainText('Flagged');

  // The runs list says so beside the run, without the edited flag.
  await page.goto('/runs');
  const imported = runs.getByRole('row').filter({ hasText: 'Imported from older.json' });
  await expect(imported).toContainText(RESCORED);
  await expect(imported).not.toContainText('Flagged');
  // Its score is the one recomputed with this scorer, not the stated 0.99.
  await imported.getByRole('link').first().click();
  await expect(page.getByTestId('score')).toContainText(original ?? '');
});

test('a published bundle scored by an earlier scorer version is rescored on the leaderboard and its items page', async ({
  page
}) => {
  await page.route('**/leaderboard/cqbench-run-attitude-*.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: asScoredByV2(await response.text()) });
  });
  // Reached from another page, the leaderboard reads the bundles over the network in the browser.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const row = table.getByRole('row').filter({ hasText: MAJORITY });
  await expect(row.getByText(RESCORED).first()).toBeVisible();
  await expect(row.getByText('stated scores disagree')).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'cqbench-run-attitude' })).toHaveCount(0);
  await expect(
    page.getByText(/The published bundle cqbench-run-attitude-\S+ was scored by another/)
  ).toContainText(RESCORED);
  const overall = row.getByRole('link', { name: /overall/ });
  await expect(overall).toHaveText(/^0\.\d{3}$/);
  await expect(overall).not.toHaveText('0.990');

  await overall.click();
  await expect(page.getByRole('heading', { name: 'Items behind the score' })).toBeVisible();
  await expect(page.getByText('scored by another version of the scoring rules')).toContainText(RESCORED);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
