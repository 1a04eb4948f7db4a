import { expect, type Page } from '@playwright/test';

/** Runs a baseline (no server needed) on one category through the Run page, and waits for it. */
export async function baselineRun(
  page: Page,
  source: 'majority' | 'random',
  category: string
): Promise<void> {
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption(category);
  await form.getByLabel('Task').selectOption('attitude');
  await form.getByLabel('Source').selectOption(source);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Run progress' })).toHaveAttribute('data-status', 'done', {
    timeout: 30_000
  });
}
