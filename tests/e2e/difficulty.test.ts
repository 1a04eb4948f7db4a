import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { seriousViolations } from './axe';
import type { FakePrompt, FakeServer } from '../servers/fake-server';
import { loadShipped } from '../../src/cli/shipped-from-disk';
import { releaseFilesOf } from '../../src/lib/core/dataset/shipped-benchmark';
import { writeReleaseJson } from '../../src/lib/core/formats/release';

// The shipped social stories as a small imported dataset of their own: 8 stories.
const files = releaseFilesOf(loadShipped(), 'social');
const stories = files.setting1;
const titleOf = (i: number): string => /\*\*Title: (.*?)\*\*/.exec(stories[i]!.story)![1]!;
const DATASET = 'eight social stories';

/**
 * Two reader models that know the gold answers and miss on purpose: both miss every statement
 * of story 2 (unsolved), reader B misses the first statement of story 3 (neither flag), and both
 * answer the other six exactly (too explicit).
 */
function reader(missesFirstOf3: boolean) {
  return (prompt: FakePrompt): string => {
    const index = stories.findIndex((s) => prompt.lastUser.includes(s.story));
    const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
    const story = stories[index]!;
    const q = story.questions.findIndex((x) => x.value === statement);
    const question = story.questions[q]!;
    const gold = question['gold label'];
    const wrong = question.options.map((o) => o.trim()).find((o) => o.toLowerCase() !== gold.toLowerCase())!;
    return index === 1 || (missesFirstOf3 && index === 2 && q === 0) ? wrong : gold;
  };
}

let servers: FakeServer[] = [];
test.beforeAll(async () => {
  servers = [
    await startOpenAIServer({ answer: reader(false), models: ['reader-a'] }),
    await startOpenAIServer({ answer: reader(true), models: ['reader-b'] })
  ];
});
test.afterAll(async () => {
  for (const s of servers) await s.close();
});

async function importSocial(page: Page): Promise<string> {
  await page.goto('/datasets');
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill(DATASET);
  await page.getByLabel('Files', { exact: true }).setInputFiles(
    [
      ['dataset_social_original.json', files.original],
      ['dataset_setting1_social.json', files.setting1],
      ['dataset_setting2_social.json', files.setting2]
    ].map(([name, data]) => ({
      name: name as string,
      mimeType: 'application/json',
      buffer: Buffer.from(writeReleaseJson(data))
    }))
  );
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue(/^\d+$/);
  return page.getByRole('combobox', { name: 'Dataset', exact: true }).inputValue();
}

async function readerRun(page: Page, server: FakeServer, model: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Dataset').selectOption({ label: `${DATASET} (imported)` });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Task').selectOption('attitude');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill(model);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  });
}

test('two reader models flag the stories they all solve and those none does, and a harder split keeps the rest', async ({
  page
}) => {
  test.setTimeout(240_000);
  const id = await importSocial(page);
  const section = page.getByRole('region', { name: 'Difficulty by readers' });

  // No reader yet: the section says how to make one, and its link opens the Run page on this dataset.
  await expect(section.getByTestId('no-readers')).toBeVisible();
  await section.getByRole('link', { name: 'run one or more models on this dataset' }).click();
  await expect(page).toHaveURL(new RegExp(`/run\\?dataset=${id}$`));
  await expect(page.getByRole('form', { name: 'Run settings' }).getByLabel('Dataset')).toHaveValue(id);

  await readerRun(page, servers[0]!, 'reader-a');
  await page.goto('/run');
  await readerRun(page, servers[1]!, 'reader-b');

  await page.goto(`/datasets/${id}`);
  // The reader runs' own boxes: the harder split's form has one too once the figures are in.
  const readers = section.getByRole('group', { name: 'Reader runs (models)' });
  await expect(readers.getByRole('checkbox')).toHaveCount(2);
  await expect(section.getByText(/model reader-a \(openai\) · attitude detection · social/)).toBeVisible();
  await expect(section.getByTestId('difficulty-summary')).toContainText(
    '8 of 8 stories measured by 2 reader runs'
  );
  await expect(section.getByTestId('difficulty-summary')).toContainText('too explicit: 6 · unsolved: 1');

  // The distribution as a table: 6 stories at 1, 1 at 0, story 3 at (1 + 0.8) / 2 = 0.9.
  const table = section.getByRole('table', { name: 'Stories by solve rate' });
  await expect(table.getByRole('row', { name: '0.0–0.1 1' })).toBeVisible();
  await expect(table.getByRole('row', { name: '0.9–1.0 7' })).toBeVisible();
  await expect(table.getByRole('row', { name: '0.5–0.6 0' })).toBeVisible();
  await section.locator('figure').scrollIntoViewIfNeeded();
  await expect(section.locator('figure[data-drawn="yes"]')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The flagged stories, linked to their pages.
  const unsolved = section.getByRole('list', { name: 'Unsolved stories' });
  await expect(unsolved.getByRole('listitem')).toHaveCount(1);
  await expect(unsolved).toContainText('solve rate 0.00 from 2 reader runs');
  const tooExplicit = section.getByRole('list', { name: 'Too explicit stories' });
  await expect(tooExplicit.getByRole('listitem')).toHaveCount(6);
  await expect(tooExplicit.getByRole('link', { name: titleOf(2) })).toHaveCount(0);

  // One reader alone: story 3 is then solved by every reader, so it is flagged too.
  await readers.getByRole('checkbox').nth(0).uncheck();
  await expect(section.getByTestId('difficulty-summary')).toContainText('measured by 1 reader run');
  await readers.getByRole('checkbox').nth(0).check();
  await expect(section.getByTestId('difficulty-summary')).toContainText('too explicit: 6 · unsolved: 1');

  // The story list filtered by a flag.
  await page.getByLabel('Difficulty flag').selectOption('unsolved');
  await expect(page).toHaveURL(/flag=unsolved/);
  await expect(page.getByText('1 story', { exact: true })).toBeVisible();
  await expect(page.locator('ul.stories').getByRole('link', { name: titleOf(1) })).toBeVisible();
  await page.getByLabel('Difficulty flag').selectOption('unflagged');
  await expect(page).toHaveURL(/flag=unflagged/);
  await expect(page.locator('ul.stories').getByRole('link', { name: titleOf(2) })).toBeVisible();
  await expect(page.getByText('1 story', { exact: true })).toBeVisible();

  await unsolved.getByRole('link', { name: titleOf(1) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(titleOf(1));
  await page.goBack();

  // The harder split: the stories not flagged too explicit, saved as a dataset of their own.
  const split = section.getByRole('form', { name: 'Harder split' });
  await expect(split.getByTestId('harder-split-count')).toContainText('Keeps 2 of 8 stories');
  await split.getByLabel('Also leave out the unsolved stories').check();
  await expect(split.getByTestId('harder-split-count')).toContainText('Keeps 1 of 8 stories');
  await split.getByLabel('Also leave out the unsolved stories').uncheck();
  await split.getByLabel('Name of the new dataset').fill('social, harder');
  await split.getByRole('button', { name: 'Save the unflagged stories as a new dataset' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/datasets/${id}(\\?|$)`));
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toContainText(
    'social, harder (imported)'
  );
  await expect(page.getByText('2 stories', { exact: true })).toBeVisible();
  await expect(page.locator('ul.stories').getByRole('link', { name: titleOf(1) })).toBeVisible();
  await expect(page.locator('ul.stories').getByRole('link', { name: titleOf(2) })).toBeVisible();
  await expect(page.getByTestId('provenance')).toContainText(
    `A harder split of "${DATASET}" (dataset ${id}): 2 of 8 stories, stories flagged too explicit left out`
  );
  await expect(page.getByTestId('provenance')).toContainText('reader-a (attitude, run ');
  // The new dataset has no reader run of its own yet.
  await expect(section.getByTestId('no-readers')).toBeVisible();
});
