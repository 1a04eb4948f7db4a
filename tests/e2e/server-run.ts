import type { Locator, Page } from '@playwright/test';
import type { FakePrompt } from '../servers/fake-server';

/** A deterministic "model" for task 1: picks an option by the statement's length. */
export function answerByLength(prompt: FakePrompt): string {
  const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
  const options = (/^Options: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '').split(', ');
  return options[statement.length % options.length] ?? '';
}

/**
 * Starts an attitude run on social against a local llama.cpp-style server, one call at a time;
 * `more` sets other fields of the form first.
 */
export async function startServerRun(
  page: Page,
  serverUrl: string,
  more?: (form: Locator) => Promise<void>
): Promise<void> {
  await page.goto('/run');
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(serverUrl);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill('1');
  await more?.(form);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
}
