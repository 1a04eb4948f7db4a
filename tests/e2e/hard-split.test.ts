import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { seriousViolations } from './axe';
import type { FakePrompt, FakeServer } from '../servers/fake-server';
import {
  HARD_VALIDATION_DIR,
  labelledByEveryChecker,
  PROJECT_FILE_NAME,
  readProjectFile,
  readResultsFile,
  withResults
} from '../../src/lib/core/annotation/hard-validation';
import {
  describeStatus,
  type ValidationStatus,
  validationStatuses,
  versionKey
} from '../../src/lib/core/annotation/validation-status';
import { sha256Hex } from '../../src/lib/core/text/sha256';

const CATEGORIES = ['ethical', 'political', 'religious', 'social', 'random', 'multiple'];
const stories = CATEGORIES.flatMap(
  (c) =>
    (
      JSON.parse(readFileSync(`datasets/stories/hard/${c}.json`, 'utf8')) as {
        stories: { id: string; title: string; text: string; values: unknown[] }[];
      }
    ).stories
);

/** Each story's status line, as the shipped validation files say it (or "not yet validated"). */
async function expectedStatuses(): Promise<Map<string, string>> {
  const projectPath = join(HARD_VALIDATION_DIR, PROJECT_FILE_NAME);
  const statuses = existsSync(projectPath)
    ? validationStatuses(
        [
          labelledByEveryChecker(
            withResults(
              readProjectFile(projectPath, readFileSync(projectPath, 'utf8')),
              readdirSync(HARD_VALIDATION_DIR)
                .filter((f) => f.startsWith('results-') && f.endsWith('.json'))
                .map((f) => readResultsFile(f, readFileSync(join(HARD_VALIDATION_DIR, f), 'utf8')))
            ).project
          )
        ],
        'hard'
      )
    : new Map<string, ValidationStatus>();
  const out = new Map<string, string>();
  for (const story of stories)
    out.set(story.id, describeStatus(statuses.get(versionKey(story.id, await sha256Hex(story.text)))));
  return out;
}

/** Picks an option by the statement's length. */
function answer(prompt: FakePrompt): string {
  const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
  const options = (/^Options: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '').split(', ');
  return options[statement.length % options.length] ?? '';
}

let server: FakeServer;
test.beforeAll(async () => {
  server = await startOpenAIServer({ answer });
});
test.afterAll(async () => {
  await server.close();
});

test('the hard split is a dataset of its own, with its provenance, validation status and card', async ({
  page
}) => {
  const expected = await expectedStatuses();
  await page.goto('/datasets');
  await page
    .getByLabel('Dataset')
    .selectOption({ label: 'Shipped benchmark, hard split (written for this project)' });
  await expect(page).toHaveURL(/\/datasets\/hard$/);
  await expect(page.getByTestId('provenance')).toContainText(
    'Written for this project following the CQ-Bench recipe'
  );
  await expect(page.getByTestId('provenance')).toContainText('hard split');
  const table = page.getByRole('table', { name: 'Categories' });
  for (const category of CATEGORIES)
    await expect(table.getByRole('row', { name: new RegExp(`^${category} 15 `) })).toBeVisible();
  await expect(page.getByText('90 stories', { exact: true })).toBeVisible();

  // The counts the shipped validation files give, over the stories' current texts.
  const passed = [...expected.values()].filter((s) => s === 'passed all checks').length;
  const failed = [...expected.values()].filter((s) => s.startsWith('failed')).length;
  await expect(page.getByTestId('validation-counts')).toHaveText(
    `Passed all checks: ${passed} · failed a check: ${failed} · not yet validated: ${90 - passed - failed}`
  );
  await expect(page.getByText(/two language-model checkers/)).toBeVisible();

  // The dataset card's hard-split section, as text.
  await page.getByText('How the hard split was made (from the dataset card)').click();
  await expect(page.getByRole('heading', { name: /^Dataset card: The hard split/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // A story page: its text, its tasks and its validation status.
  const first = stories[0]!;
  await page.getByRole('link', { name: first.title, exact: true }).click();
  await expect(page).toHaveURL(/\/datasets\/hard\/ethical\/1/);
  await expect(page.getByRole('heading', { name: first.title, level: 1 })).toBeVisible();
  await expect(page.getByText(`Validation: ${expected.get(first.id)!}`)).toBeVisible();
  await expect(page.getByText(first.id, { exact: false }).first()).toBeVisible();
});

async function runOn(page: Page, dataset: string): Promise<void> {
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Dataset').selectOption({ label: dataset });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Task').selectOption('attitude');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(server.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  });
}

test('a run on the hard split asks its stories and has its own leaderboard row, apart from the standard split', async ({
  page
}) => {
  test.setTimeout(180_000);
  const before = server.requests.length;
  await runOn(page, 'Shipped benchmark, hard split (written for this project)');
  const hardSocial = stories.filter((s) => s.id.startsWith('hard-social-'));
  const sent = server.requests.slice(before).map((r) => JSON.stringify(r.body));
  // One request per value of the hard split's social stories, each carrying its story.
  expect(sent.some((body) => body.includes(JSON.stringify(hardSocial[3]!.title).slice(1, -1)))).toBe(true);
  // The run's page says its split and scores the hard split's 15 social stories.
  await page
    .getByRole('region', { name: 'Run progress' })
    .getByRole('link', { name: 'Open this run' })
    .click();
  await expect(page.getByText(/attitude · hard split \(social\)/)).toBeVisible();
  const values = hardSocial.reduce((n, s) => n + s.values.length, 0);
  await expect(page.getByTestId('item-count')).toContainText(`${values} items`);
  await runOn(page, 'Shipped benchmark, standard split (written for this project)');

  await page.goto('/leaderboard');
  const table = page.getByRole('table', { name: 'Leaderboard' });
  const rows = table.getByRole('rowheader', { name: /fake-model/ });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'split: hard' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'split: standard' })).toHaveCount(1);
});
