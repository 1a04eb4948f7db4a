import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { baselineRun } from './baseline-run';
import { answerByLength, startServerRun } from './server-run';

const BUNDLE = 'cqbench-run-attitude-majority-attitude-35247e03-400d-458f-95c5-0e8d0e8454dc.json';

function runsTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Runs' });
}

/** Imports the published majority-attitude bundle through the Runs page's form; returns the form. */
async function importBundle(page: Page): Promise<Locator> {
  await page.goto('/runs');
  await page.getByText('Import runs…').click();
  const form = page.getByRole('form', { name: 'Import runs' });
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: BUNDLE,
    mimeType: 'application/json',
    buffer: readFileSync(`static/leaderboard/${BUNDLE}`)
  });
  await form.getByRole('button', { name: 'Import' }).click();
  return form;
}

test('a run is deleted from the Runs list once confirmed, and the leaderboard no longer shows it', async ({
  page
}) => {
  test.setTimeout(90_000);
  await baselineRun(page, 'random', 'social');
  await page.goto('/leaderboard');
  await expect(page.getByRole('status').first()).toContainText('1 run from this browser');
  const board = page.getByRole('table', { name: 'Leaderboard' });
  const local = board.getByRole('row').filter({ has: page.getByText('local run, baseline') });
  await expect(local).toHaveCount(1);

  await page.goto('/runs');
  const row = runsTable(page).getByRole('row').filter({ hasText: 'uniform-random' });
  await row.getByRole('button', { name: /^Delete the run of uniform-random/ }).click();
  const confirm = row.getByRole('group', { name: /^Confirm deleting/ });
  await expect(confirm).toContainText('its 40 answers');
  // The first step deletes nothing, and Keep leaves the run as it was.
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await page.reload();
  await expect(runsTable(page).getByRole('row')).toHaveCount(2);

  await row.getByRole('button', { name: /^Delete the run of uniform-random/ }).click();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('No runs are stored in this browser yet.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No runs are stored in this browser yet.')).toBeVisible();

  await page.goto('/leaderboard');
  await expect(page.getByRole('status').first()).toContainText('0 runs from this browser');
  await expect(board.getByRole('row').first()).toBeVisible();
  await expect(local).toHaveCount(0);
});

test('a bundle imported twice makes one run; the run is deleted from its own page', async ({ page }) => {
  test.setTimeout(60_000);
  let form = await importBundle(page);
  await expect(form.getByRole('status')).toContainText(`Imported ${BUNDLE} as a run.`);
  form = await importBundle(page);
  const status = form.getByRole('status');
  await expect(status).toContainText(`${BUNDLE} is already imported as run`);
  await expect(status).toContainText('not imported again');
  await page.goto('/runs');
  await expect(runsTable(page).getByRole('row')).toHaveCount(2);

  // The message links to the run it already is.
  form = await importBundle(page);
  await form.getByRole('link', { name: /^run [0-9a-f-]{36}$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run of majority-attitude');
  const section = page.getByRole('region', { name: 'Delete this run' });
  await section.getByRole('button', { name: 'Delete this run…' }).click();
  await section.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/?$/);
  await expect(page.getByText('No runs are stored in this browser yet.')).toBeVisible();

  // Deleted, the bundle can be imported again.
  form = await importBundle(page);
  await expect(form.getByRole('status')).toContainText(`Imported ${BUNDLE} as a run.`);
});

test('a run whose calls this tab is making is not deleted: the page says to pause it first', async ({
  page
}) => {
  test.setTimeout(90_000);
  const server = await startOpenAIServer({ answer: answerByLength, latencyMs: 400 });
  try {
    await startServerRun(page, server.url);
    await expect(page.getByTestId('done')).toHaveText(/^[1-9]\d* of 40$/, { timeout: 30_000 });
    // Through the app's own link: the run goes on in this tab meanwhile.
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    const row = runsTable(page).getByRole('row').filter({ hasText: 'fake-model' });
    await row.getByRole('button', { name: /^Delete the run of fake-model/ }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(row.getByRole('alert')).toHaveText(
      'This run is making calls (in this tab or another one): pause it first, then delete it.'
    );
    await expect(runsTable(page).getByRole('row')).toHaveCount(2);

    // Paused, it can be deleted.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Run', exact: true })
      .click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'paused');
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await row.getByRole('button', { name: /^Delete the run of fake-model/ }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByText('No runs are stored in this browser yet.')).toBeVisible();
  } finally {
    await server.close();
  }
});

test('a run paused in this tab and then deleted from the Runs list is no longer offered on the Run page', async ({
  page
}) => {
  test.setTimeout(60_000);
  const server = await startOpenAIServer({ answer: answerByLength, latencyMs: 100 });
  await startServerRun(page, server.url);
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(page.getByTestId('done')).toHaveText(/^[1-9]\d* of 40$/, { timeout: 30_000 });
  await progress.getByRole('button', { name: 'Pause' }).click();
  await expect(progress).toHaveAttribute('data-status', 'paused');

  // In-app navigation, as a user goes: the tab keeps what it knows of the run.
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  const row = runsTable(page).getByRole('row').filter({ hasText: 'fake-model' });
  await row.getByRole('button', { name: /^Delete the run of fake-model/ }).click();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('No runs are stored in this browser yet.')).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Run', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Run a model' })).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Open this run' })).toHaveCount(0);
  await server.close();
});
