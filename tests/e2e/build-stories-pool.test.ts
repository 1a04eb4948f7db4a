import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeWriterAndChecker } from '../servers/fake-writer';
import { chooseFakeBuildModels, openBuildForm } from './build-form';

/** A pool file in the release's format: 8 statements of this test's own, three attitudes each. */
const OWN = Array.from({ length: 8 }, (_, i) => `A statement only this test's pool has, number ${i + 1}.`);
const POOL_TEXT = OWN.map((statement, i) =>
  JSON.stringify({
    topic: 'MINE',
    q_id: i,
    q_content: statement,
    option: '1. agree 2. neither agree or disagree 3. disagree'
  })
).join('\n');

/** The tokens each model's stored replies report: the writer's calls and the checker's (the checks). */
function storedTokens(page: Page): Promise<Record<'writer' | 'checker', { in: number; out: number }>> {
  return page.evaluate(
    () =>
      new Promise((done, fail) => {
        const open = indexedDB.open('cqbench');
        open.onerror = () => {
          fail(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const all = open.result.transaction('responses').objectStore('responses').getAll();
          all.onsuccess = () => {
            open.result.close();
            const tokens = { writer: { in: 0, out: 0 }, checker: { in: 0, out: 0 } };
            for (const { itemKey, result } of all.result as {
              itemKey: string;
              result: { usage?: { promptTokens: number; completionTokens: number } };
            }[]) {
              const step = itemKey.slice(itemKey.lastIndexOf('/') + 1);
              const role = ['incorporation', 'consistency', 'implicitness'].includes(step) ? 'checker' : 'writer';
              tokens[role].in += result.usage?.promptTokens ?? 0;
              tokens[role].out += result.usage?.completionTokens ?? 0;
            }
            done(tokens);
          };
          all.onerror = () => {
            fail(new Error(String(all.error)));
          };
        };
      })
  );
}

test('a construction drawn from an imported pool, with characters, values per story and prices: its cost is its tokens times the prices, and its stories and card come from that pool', async ({
  page
}) => {
  test.setTimeout(180_000);
  const server = await startOpenAIServer({
    answer: fakeWriterAndChecker('honest'),
    models: ['fake-writer', 'fake-checker']
  });
  try {
    const form = await openBuildForm(page);
    await form.getByLabel('Category (its value pool)').selectOption('multiple');
    const poolField = form.getByLabel('Value pool (optional, release JSONL)');
    // A bad line is refused, naming file and line, and no pool is kept.
    const lines = POOL_TEXT.split('\n');
    await poolField.setInputFiles({
      name: 'broken-pool.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from([lines[0], '{"topic": "MINE"}', ...lines.slice(1)].join('\n'))
    });
    await expect(form.getByTestId('build-pool-error')).toContainText('broken-pool.jsonl: line 2');
    await expect(form.getByTestId('build-pool')).toHaveCount(0);
    await poolField.setInputFiles({
      name: 'my-pool.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(POOL_TEXT)
    });
    await expect(form.getByTestId('build-pool')).toContainText('my-pool.jsonl: 8 statements');
    await expect(form.getByTestId('build-pool-error')).toHaveCount(0);

    await form.getByLabel('Stories').fill('2');
    await form.getByLabel(/^Characters/).fill('2');
    await form.getByLabel(/^Values per story/).fill('4');
    await form.getByLabel('Draw seed').fill('e2e-pool');
    await form.getByLabel('Minimum words').fill('40');
    await chooseFakeBuildModels(form, server.url);
    // A price of 1, 2, 3 and 4 per token: the cost is the stored tokens times those.
    const prices = form.getByRole('group', { name: 'Prices (optional, per million tokens)' });
    await prices.getByLabel('Writer input').fill('1000000');
    await prices.getByLabel('Writer output').fill('2000000');
    await prices.getByLabel('Checker input').fill('3000000');
    await prices.getByLabel('Checker output').fill('4000000');
    // Before it starts, the recipe's bound: per story (1 + 3 × 2 rounds) texts × (1 + 2 rule fixes), 3 × 3 checks.
    await expect(form.getByTestId('build-bound')).toContainText(
      'Upper bound: at most 42 writer calls and 18 checker calls'
    );
    await expect(form.getByTestId('build-bound')).toContainText('the replies cost at most writer');
    await form.getByRole('button', { name: 'Build stories' }).click();

    const progress = page.getByRole('region', { name: 'Run progress' });
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('build-stories')).toHaveText('2 of 2');
    const tokens = await storedTokens(page);
    const writer = tokens.writer.in + 2 * tokens.writer.out;
    const checker = 3 * tokens.checker.in + 4 * tokens.checker.out;
    expect(writer).toBeGreaterThan(0);
    expect(checker).toBeGreaterThan(0);
    const expected = `cost ${(writer + checker).toFixed(2)} (writer ${writer.toFixed(2)}, checker ${checker.toFixed(2)})`;
    await expect(page.getByTestId('build-cost')).toHaveText(expected);
    await expect(page.getByTestId('build-writer-tokens')).toContainText(
      `${String(tokens.writer.in)} in, ${String(tokens.writer.out)} out`
    );

    // The construction's page names the pool with its hash, keeps the prices, and every value is the pool's.
    await progress.getByRole('link', { name: 'Open this construction' }).click();
    const hash = createHash('sha256').update(POOL_TEXT).digest('hex');
    await expect(page.getByTestId('build-pool-name')).toHaveText(
      `my-pool.jsonl (imported, 8 statements, SHA-256 ${hash})`
    );
    await expect(page.getByTestId('build-page-cost')).toHaveText(expected);
    // Prices edited on the page are kept with the construction: the checker's calls free now.
    const pagePrices = page.getByRole('form', { name: 'Prices' });
    await pagePrices.getByLabel('Checker input').fill('0');
    await pagePrices.getByLabel('Checker output').fill('0');
    await pagePrices.getByRole('button', { name: 'Save prices' }).click();
    const edited = `cost ${writer.toFixed(2)} (writer ${writer.toFixed(2)}, checker 0.00)`;
    await expect(page.getByTestId('build-page-cost')).toHaveText(edited);
    await page.reload();
    await expect(page.getByTestId('build-page-cost')).toHaveText(edited);
    for (const key of ['multiple/0', 'multiple/1']) {
      const values = await page
        .getByRole('region', { name: `Story ${key}` })
        .locator('ol.values > li')
        .allTextContents();
      // 4 statements, each held by the 2 characters.
      expect(values).toHaveLength(8);
      for (const value of values) {
        const statement = value.slice(value.indexOf(':') + 1, value.lastIndexOf('--'));
        expect(OWN).toContain(statement);
      }
    }

    // Saved as a dataset (its selection options drawn from the same pool), whose card names the pool.
    await page.getByLabel('Dataset name').fill('Built from my pool');
    await page.getByRole('button', { name: 'Save as dataset' }).click();
    await page.getByRole('link', { name: 'open it in Datasets' }).click();
    await expect(page.getByTestId('provenance')).toContainText('imported pool my-pool.jsonl');
    await page.getByText('How these stories were built').click();
    await expect(page.getByTestId('built-card')).toContainText(
      `| value pool | my-pool.jsonl (imported, 8 statements, SHA-256 ${hash}) |`
    );
    await expect(page.getByTestId('built-card')).toContainText('| statements per story | 4 |');
  } finally {
    await server.close();
  }
});
