/**
 * A key is bound to the server it was entered for: a saved OpenAI key fills in with the OpenAI
 * preset, and editing the base URL to another server must leave that key behind, for the run's
 * model and for its judge. The second server records every Authorization header it receives.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer } from '../servers/fake-server';

const OPENAI_KEY = 'sk-openai-saved-key';
const KEY_ENTRY = 'cqbench.apiKey:https://api.openai.com';

let other: FakeServer;
let modelServer: FakeServer;
test.beforeAll(async () => {
  other = await startOpenAIServer({ answer: reply });
  modelServer = await startOpenAIServer({ answer: reply });
});
test.afterAll(async () => {
  await Promise.all([other.close(), modelServer.close()]);
});

/** Any text does for these runs: what matters is what reaches the servers. */
function reply(prompt: FakePrompt): string {
  if (prompt.lastUser.includes('Reference values:'))
    return 'Value 1: it is there.\n[Final answer]:\nValue 1: 1';
  if (prompt.messages.some((m) => m.role === 'assistant'))
    return '[Final answer]:\nFamily comes first--agree';
  return 'disagree';
}

/** A user who once saved an OpenAI key in this browser. */
async function withSavedOpenAIKey(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(
    ([name, key]) => {
      localStorage.setItem(name, key);
    },
    [KEY_ENTRY, OPENAI_KEY] as const
  );
}

/** Picks the OpenAI preset (its saved key fills in), then points it at the other server. */
async function openAIPresetMovedToOther(group: Locator): Promise<void> {
  await group.getByLabel('Source').selectOption('openai');
  await expect(group.getByLabel('API key')).toHaveValue(OPENAI_KEY);
  await group.getByLabel('Base URL').fill(other.url);
  await group.getByRole('button', { name: 'List models' }).click();
  await expect.poll(() => other.requests.filter((r) => r.url.endsWith('/models')).length).toBeGreaterThan(0);
  await group.getByLabel('Model', { exact: true }).fill('fake-model');
}

function authorizationsReceived(): string[] {
  return other.requests.flatMap((r) =>
    r.headers.authorization === undefined ? [] : [r.headers.authorization]
  );
}

async function keysSaved(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('cqbench.apiKey:'))
        .map((k) => [k, localStorage.getItem(k) ?? ''])
    )
  );
}

test.beforeEach(() => {
  other.requests.length = 0;
});

test('a saved key never reaches another server after the base URL is edited (run model)', async ({
  page
}) => {
  await withSavedOpenAIKey(page);
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('ethical');
  await form.getByLabel('Task').selectOption('attitude');
  const group = form.getByRole('group', { name: 'Model' });
  await openAIPresetMovedToOther(group);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  });

  expect(other.requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(0);
  expect(authorizationsReceived()).toEqual([]);
  await expect(group.getByLabel('API key')).toHaveValue('');
  await expect(group.getByTestId('key-origin')).toContainText(new URL(other.url).origin);
  // The key stays filed under OpenAI only; back on OpenAI's address it fills in again.
  expect(await keysSaved(page)).toEqual({ [KEY_ENTRY]: OPENAI_KEY });
  await group.getByLabel('Base URL').fill('https://api.openai.com/v1');
  await expect(group.getByLabel('API key')).toHaveValue(OPENAI_KEY);
});

test('a saved key never reaches another server after the base URL is edited (judge)', async ({ page }) => {
  test.setTimeout(90_000);
  await withSavedOpenAIKey(page);
  await page.goto('/datasets');
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill('one-story');
  const story = 'Ana serves her parents first.';
  const release = [
    { story: `**Title: ${story}**\n\n**Ana:** “${story}”`, values: ['Family comes first--agree'] }
  ];
  await page.getByLabel('Files', { exact: true }).setInputFiles([
    {
      name: 'dataset_social_original.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify(release.map((s) => ({ ...s, original_values: s.values, contradiction: [] })))
      )
    }
  ]);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('provenance')).toContainText('Imported');

  await page.getByRole('link', { name: 'Run', exact: true }).click();
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Dataset').selectOption({ label: 'one-story (imported)' });
  await form.getByLabel('Task').selectOption('extraction');
  const model = form.getByRole('group', { name: 'Model' });
  await model.getByLabel('Source').selectOption('llamacpp');
  await model.getByLabel('Base URL').fill(modelServer.url);
  await model.getByLabel('Model', { exact: true }).fill('fake-model');
  const group = form.getByRole('group', { name: 'Judge' });
  await openAIPresetMovedToOther(group);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress.getByTestId('judge-done')).toHaveText('1 of 1', { timeout: 60_000 });

  expect(other.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(authorizationsReceived()).toEqual([]);
  await expect(group.getByLabel('API key')).toHaveValue('');
  await expect(group.getByTestId('key-origin')).toContainText(new URL(other.url).origin);
  expect(await keysSaved(page)).toEqual({ [KEY_ENTRY]: OPENAI_KEY });
});
