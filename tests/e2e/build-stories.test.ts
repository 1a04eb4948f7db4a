import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { INVENTED_QUOTE } from '../servers/fake-checker';
import { fakeWriterAndChecker, REPLACEMENT_SPEECH } from '../servers/fake-writer';
import { chooseFakeBuildModels, openBuildForm } from './build-form';
import { answerByLength } from './server-run';
import { seriousViolations } from './axe';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-e2e-build-'));
test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Starts building 3 social stories on the Run page, writer and checker both on `url`. */
async function startBuild(page: Page, url: string): Promise<void> {
  const form = await openBuildForm(page);
  await form.getByLabel('Category (its value pool)').selectOption('social');
  await form.getByLabel('Stories').fill('3');
  await form.getByLabel('Draw seed').fill('e2e-build');
  await form.getByLabel('Minimum words').fill('40');
  await chooseFakeBuildModels(form, url);
  await form.getByRole('group', { name: 'Writer model' }).getByLabel('Concurrency').fill('2');
  await form.getByRole('button', { name: 'Build stories' }).click();
}

/** The replies this browser has stored (every run kind keeps them in one table). */
function storedReplies(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const open = indexedDB.open('cqbench');
        open.onerror = () => {
          fail(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const count = open.result.transaction('responses').objectStore('responses').count();
          count.onsuccess = () => {
            open.result.close();
            done(count.result);
          };
          count.onerror = () => {
            fail(new Error(String(count.error)));
          };
        };
      })
  );
}

/** Downloads an imported dataset's release files from its page; returns them by name. */
async function exportedFiles(page: Page): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const downloads: Promise<void>[] = [];
  const onDownload = (d: import('@playwright/test').Download): void => {
    downloads.push(
      (async () => {
        const path = join(dir, `${String(files.size)}-${String(Date.now())}-${d.suggestedFilename()}`);
        await d.saveAs(path);
        files.set(d.suggestedFilename(), readFileSync(path, 'utf8'));
      })()
    );
  };
  page.on('download', onDownload);
  await page.getByRole('button', { name: 'Download release files' }).click();
  await expect.poll(() => downloads.length).toBe(3);
  await Promise.all(downloads);
  page.off('download', onDownload);
  return files;
}

test('stories built in the app survive a closed tab, show their lineage, become a dataset a reader model runs on, and export and import whole', async ({
  context,
  browser,
  baseURL
}) => {
  test.setTimeout(240_000);
  const server = await startOpenAIServer({
    answer: fakeWriterAndChecker('invents-a-quote'),
    latencyMs: 150,
    models: ['fake-writer', 'fake-checker']
  });
  const reader = await startOpenAIServer({ answer: answerByLength, models: ['blind-reader'] });
  try {
    const first = await context.newPage();
    await startBuild(first, server.url);
    await expect(first.getByTestId('build-calls')).toHaveText(/^(?:[5-9]|1\d)\b/, { timeout: 30_000 });
    await first.close();
    const askedBeforeClose = server.requests.length;

    // Counted before the Run page opens (it resumes at once).
    const again = await context.newPage();
    await again.goto('/datasets');
    const storedBeforeClose = await storedReplies(again);
    // The calls in flight when the tab closed had no reply stored: at most the concurrency.
    expect(askedBeforeClose - storedBeforeClose).toBeGreaterThanOrEqual(0);
    expect(askedBeforeClose - storedBeforeClose).toBeLessThanOrEqual(2);

    await again.goto('/run');
    await expect(again.getByRole('status')).toContainText('Resuming a construction that was interrupted');
    const progress = again.getByRole('region', { name: 'Run progress' });
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(again.getByTestId('build-stories')).toHaveText('3 of 3');
    // No prices entered: no cost shown.
    await expect(again.getByTestId('build-cost')).toHaveCount(0);
    const storedAfter = await storedReplies(again);
    // The resumed tab asked exactly the calls it stored: nothing stored before was asked again.
    expect(server.requests.length - askedBeforeClose).toBe(storedAfter - storedBeforeClose);
    await expect(again.getByTestId('build-calls')).toContainText(`(${String(storedBeforeClose)} from before)`);

    await progress.getByRole('link', { name: 'Open this construction' }).click();
    await expect(again.getByTestId('build-status')).toHaveText('done');
    await expect(again.getByTestId('build-summary')).toContainText(`3 of 3 stories done, 0 passed every check · ${String(storedAfter)} calls`);
    // The checker fails value 1 on a speech no story has: every story is kept, its failing check named.
    const outcomes = again.getByTestId('story-outcome');
    await expect(outcomes).toHaveText(['failed', 'failed', 'failed']);
    await expect(again.getByRole('list', { name: 'Failing checks of social/0' })).toContainText(
      'consistency: value 1 fails'
    );

    // The lineage: the rewritten speech is an added line, the one it replaced a removed line.
    const story = again.getByRole('region', { name: 'Story social/0' });
    await story.getByText(/^Lineage: \d+ versions/).click();
    const lineage = story.getByRole('list', { name: 'Lineage' });
    await expect(lineage.locator('[data-step="generate"]')).toContainText(/prompt [0-9a-f]{12}/);
    const rewrite = lineage.locator('[data-step="rewrite-obvious"]').first();
    await expect(rewrite.locator('.line[data-kind="added"]')).toContainText(REPLACEMENT_SPEECH);
    await expect(rewrite.locator('.line[data-kind="removed"]')).toHaveCount(1);
    await expect(
      lineage.locator('[data-step="resolve-contradictions"]').first().getByRole('list', { name: /Replacements not applied/ })
    ).toContainText(INVENTED_QUOTE);
    await expect(lineage.locator('[data-step="consistency"]').first()).toContainText('fail');
    expect(await seriousViolations(again)).toEqual([]);

    // Saved as a dataset: its origin names the models and the failing checks.
    await again.getByLabel('Dataset name').fill('Built social e2e');
    await again.getByRole('button', { name: 'Save as dataset' }).click();
    await expect(again.getByTestId('saved-dataset')).toContainText('Send to annotation');
    // Sent to annotation: the project form opens with this dataset chosen.
    await again.getByRole('link', { name: 'Send to annotation' }).click();
    await expect(again.getByRole('combobox', { name: 'Dataset' })).toHaveValue(/^\d+$/);
    await expect(again.getByRole('combobox', { name: 'Dataset' }).locator('option:checked')).toHaveText(
      'Built social e2e (imported)'
    );
    await again.goBack();
    await again.getByRole('link', { name: 'open it in Datasets' }).click();
    await expect(again.getByTestId('provenance')).toContainText('generated by the model fake-writer and checked by the model fake-checker');
    await expect(again.getByText(/social-00 failed: consistency: value 1 fails/)).toBeVisible();
    await expect(again.getByRole('table', { name: 'Categories' }).getByRole('row', { name: /^social 3 / })).toBeVisible();
    await again.getByText('How these stories were built').click();
    await expect(again.getByTestId('built-card')).toContainText('| draw seed | e2e-build |');

    // A blind reader model answers task 1 on the built stories through the Run page.
    await again.goto('/run');
    const form = again.getByRole('form', { name: 'Run settings' });
    await form.getByLabel('Dataset').selectOption({ label: 'Built social e2e (imported)' });
    await form.getByLabel('Category').selectOption('social');
    await form.getByLabel('Task').selectOption('attitude');
    await form.getByLabel('Source').selectOption('llamacpp');
    await form.getByLabel('Base URL').fill(reader.url);
    await form.getByLabel('Model', { exact: true }).fill('blind-reader');
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(again.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
      timeout: 30_000
    });
    await expect(again.getByTestId('done')).toHaveText('15 of 15');
    expect(reader.requests).toHaveLength(15);

    // Exported, then imported in a fresh browser: the same stories and tasks.
    await again.goto('/datasets');
    await again.getByLabel('Dataset').selectOption({ label: 'Built social e2e (imported)' });
    const exported = await exportedFiles(again);
    expect([...exported.keys()].sort()).toEqual([
      'dataset_setting1_social.json',
      'dataset_setting2_social.json',
      'dataset_social_original.json'
    ]);
    const fresh = await browser.newContext({ baseURL });
    try {
      const other = await fresh.newPage();
      await other.goto('/datasets');
      await other.getByRole('button', { name: 'Import release files…' }).click();
      await other.getByLabel('Name').fill('Built social elsewhere');
      await other.getByLabel('Files', { exact: true }).setInputFiles(
        [...exported].map(([name, text]) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) }))
      );
      await other.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(other.getByTestId('provenance')).toContainText('Imported from release files');
      await expect(
        other.getByRole('table', { name: 'Categories' }).getByRole('row', { name: /^social 3 / })
      ).toBeVisible();
      const again2 = await exportedFiles(other);
      expect(again2).toEqual(exported);
    } finally {
      await fresh.close();
    }

    // Deleting the construction (confirmed) keeps the dataset saved from it.
    await again.goto('/run');
    await again.getByRole('radio', { name: /Build stories/ }).check();
    await again.getByRole('list', { name: 'Constructions' }).getByRole('link').click();
    again.once('dialog', (dialog) => void dialog.accept());
    await again.getByRole('button', { name: 'Delete construction' }).click();
    await expect(again).toHaveURL(/\/run$/);
    await again.getByRole('radio', { name: /Build stories/ }).check();
    await expect(again.getByRole('form', { name: 'Build settings' })).toBeVisible();
    await expect(again.getByRole('list', { name: 'Constructions' })).toHaveCount(0);
    expect(await storedReplies(again)).toBe(15);
    await again.goto('/datasets');
    await expect(again.getByLabel('Dataset')).toContainText('Built social e2e (imported)');
  } finally {
    await server.close();
    await reader.close();
  }
});
