import { expect, type Page } from '@playwright/test';

/** Deletes the run whose model matches from the Runs page, confirming it. */
export async function deleteFromList(page: Page, model: RegExp): Promise<void> {
  await page.goto('/runs');
  const table = page.getByRole('table', { name: 'Runs' });
  const row = table.getByRole('row').filter({ hasText: model });
  await expect(row).toHaveCount(1);
  const rows = await table.getByRole('row').count();
  await row.getByRole('button', { name: /^Delete the run of/ }).click();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(table.getByRole('row')).toHaveCount(rows === 2 ? 0 : rows - 1);
}
