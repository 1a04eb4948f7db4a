/**
 * A story's validation status, from people's labels to the data: a lead makes a project of two
 * shipped stories, imports two annotators' results (one story passes everything, the other has a
 * value both annotators found contradicted), and the Datasets pages show each story's status; the
 * validated story becomes a dataset of its own that the Run page offers.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

interface Assignment {
  projectId: string;
  annotator: string;
  checks: string[];
  stories: { storyId: string; textHash: string; values: unknown[] }[];
}

async function download(page: Page, button: string): Promise<Assignment> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click()
  ]);
  return JSON.parse(readFileSync(await file.path(), 'utf8')) as Assignment;
}

/** A results file labelling every value under every check pass, but `failing` (story, value, check). */
function results(assignment: Assignment, failing: { storyId: string; valueIndex: number; check: string }) {
  const labels = assignment.stories.flatMap((story) =>
    story.values.flatMap((_, valueIndex) =>
      assignment.checks.map((check) => {
        const fails =
          story.storyId === failing.storyId && valueIndex === failing.valueIndex && check === failing.check;
        return {
          storyId: story.storyId,
          textHash: story.textHash,
          valueIndex,
          check,
          blind: { verdict: fails ? 'fail' : 'pass', evidence: [] }
        };
      })
    )
  );
  return {
    name: `${assignment.annotator}-results.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'cqbench-annotation-results',
        version: 1,
        projectId: assignment.projectId,
        annotator: assignment.annotator,
        labels
      })
    )
  };
}

test('validation status shows on the Datasets pages and validated stories become a runnable dataset', async ({
  page
}) => {
  await page.goto('/annotate');
  const form = page.getByRole('form', { name: 'New annotation project' });
  await form.getByLabel('Name').fill('Validation round');
  await form.getByLabel('social', { exact: true }).check();
  await form.getByLabel('How many').fill('2');
  for (const check of ['incorporation', 'consistency', 'implicitness'])
    await expect(form.getByLabel(check, { exact: true })).toBeChecked();
  await form.getByLabel('Annotators (comma-separated)').fill('ana, ben');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/annotate\/project\/[^/]+$/);

  const ana = await download(page, "Download ana's assignment");
  const ben = await download(page, "Download ben's assignment");
  expect(ana.stories).toHaveLength(2);
  const [good, bad] = ana.stories as [Assignment['stories'][number], Assignment['stories'][number]];
  const failing = { storyId: bad.storyId, valueIndex: 1, check: 'consistency' };
  await page
    .getByLabel(/^Import results files/)
    .setInputFiles([results(ana, failing), results(ben, failing)]);
  await expect(
    page.getByRole('table', { name: 'Annotators' }).getByRole('row', { name: /^ben/ })
  ).not.toContainText('not yet');

  await page.goto('/datasets/shipped');
  await expect(page.getByTestId('validation-counts')).toHaveText(
    'Passed all checks: 1 · failed a check: 1 · not yet validated: 44'
  );
  const row = (storyId: string) => page.getByRole('listitem').filter({ hasText: storyId });
  await expect(row(good.storyId).getByTestId('validation-status')).toHaveText('passed all checks');
  await expect(row(bad.storyId).getByTestId('validation-status')).toHaveText('failed: value 2 consistency');
  await row(bad.storyId).getByRole('link').click();
  await expect(page).toHaveURL(/\/datasets\/shipped\/social\/\d+$/);
  await expect(page.getByTestId('validation-status')).toHaveText('failed: value 2 consistency');

  await page.goto('/datasets/shipped');
  await page.getByRole('button', { name: 'Make a dataset of the 1 validated story' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toContainText(
    /validated stories only \(1\) \(imported\)/
  );
  await expect(page.getByText('1 story', { exact: true })).toBeVisible();

  await page.goto('/run');
  await expect(page.getByRole('option', { name: /validated stories only \(1\)/ })).toBeAttached();

  // An imported dataset can be annotated too: its own categories are offered.
  await page.goto('/annotate');
  await page.getByText('New project…').click();
  const again = page.getByRole('form', { name: 'New annotation project' });
  await again.getByLabel('Dataset').selectOption({
    label: 'Shipped benchmark (written for this project): validated stories only (1) (imported)'
  });
  await expect(again.getByRole('checkbox', { name: 'social', exact: true })).toBeVisible();
  await expect(again.getByRole('checkbox', { name: 'ethical', exact: true })).toHaveCount(0);
});
