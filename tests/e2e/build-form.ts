import type { Locator, Page } from '@playwright/test';

/** Opens the Run page in its Build stories mode: the build form. */
export async function openBuildForm(page: Page): Promise<Locator> {
  await page.goto('/run');
  await page.getByRole('radio', { name: /Build stories/ }).check();
  return page.getByRole('form', { name: 'Build settings' });
}

/** Points the build form's writer and checker at one local server, as `fake-writer` and `fake-checker`. */
export async function chooseFakeBuildModels(form: Locator, url: string): Promise<void> {
  for (const [group, model] of [
    ['Writer model', 'fake-writer'],
    ['Checking model', 'fake-checker']
  ] as const) {
    const fields = form.getByRole('group', { name: group });
    await fields.getByLabel('Source').selectOption('llamacpp');
    await fields.getByLabel('Base URL').fill(url);
    await fields.getByLabel('Model', { exact: true }).fill(model);
  }
}
