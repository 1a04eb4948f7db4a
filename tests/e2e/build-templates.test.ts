import { expect, test } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeWriterAndChecker } from '../servers/fake-writer';
import { chooseFakeBuildModels, openBuildForm } from './build-form';

/** A generate step of the user's own: the fake writer still finds the scene in it. */
const GENERATE =
  'Own prompt: some people in {{scene}} talk over lunch.\nThe values {{holder}}:\n{{values}}{{cast}}\nAt least {{minWords}} words.';

const asFile = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('the build form shows the prompts, refuses a bad templates file naming the template, and a build sends and records the replaced prompts', async ({
  page
}) => {
  test.setTimeout(120_000);
  const server = await startOpenAIServer({
    answer: fakeWriterAndChecker('honest'),
    models: ['fake-writer', 'fake-checker']
  });
  try {
    const form = await openBuildForm(page);
    const prompts = form.getByRole('group', { name: 'Prompts' });
    await expect(prompts.getByTestId('build-templates')).toContainText(/The default prompts.*SHA-256 [0-9a-f]{12}/);
    await prompts.getByText('Show the prompts').click();
    await expect(prompts.getByRole('definition').first()).toContainText('{{values}}');

    // A file that drops a placeholder is refused, named, and the defaults stay.
    const file = prompts.getByLabel('Replace with a templates file (JSON)');
    await file.setInputFiles(asFile('mine.json', JSON.stringify({ writing: { generate: 'In {{scene}}.{{cast}}' } })));
    await expect(prompts.getByRole('alert')).toHaveText(
      'Could not read mine.json: field "writing.generate": the template must contain {{values}}; the prompts stay as they were.'
    );
    await expect(prompts.getByTestId('build-templates')).toContainText('The default prompts');

    await file.setInputFiles(asFile('mine.json', JSON.stringify({ writing: { generate: GENERATE } })));
    await expect(prompts.getByRole('alert')).toHaveCount(0);
    await expect(prompts.getByTestId('build-templates')).toContainText('Prompts from mine.json');
    await expect(prompts.getByRole('definition').first()).toContainText('Own prompt: some people in');

    await form.getByLabel('Category (its value pool)').selectOption('social');
    await form.getByLabel('Stories').fill('1');
    await form.getByLabel('Minimum words').fill('40');
    await chooseFakeBuildModels(form, server.url);
    await form.getByRole('button', { name: 'Build stories' }).click();
    const progress = page.getByRole('region', { name: 'Run progress' });
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

    // The writer was sent the user's prompt; the checks kept theirs.
    const first = server.requests.find((r) => (r.body as { model?: string }).model === 'fake-writer')!;
    const sent = (first.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(sent).toMatch(/^Own prompt: some people in [a-z ]+ talk over lunch\.\nThe values the characters hold:\nValue 1: /);

    await progress.getByRole('link', { name: 'Open this construction' }).click();
    await expect(page.getByText(/templates [0-9a-f]{12} \(replaced\)/)).toBeVisible();
    await page.getByText('The prompts this construction sends').click();
    await expect(
      page.getByRole('region', { name: 'Prompt templates' }).getByRole('definition').first()
    ).toContainText('Own prompt: some people in {{scene}} talk over lunch.');
  } finally {
    await server.close();
  }
});
