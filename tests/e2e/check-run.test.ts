import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker, INVENTED_QUOTE, type CheckerMode } from '../servers/fake-checker';
import { cli } from '../unit/cli-harness';
import { seriousViolations } from './axe';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-e2e-checks-'));
test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The 8 social stories of the shipped benchmark, each with its three checks. */
const STORY_CHECKS = 24;

/** Starts a check run of the shipped social stories on the Run page against a local server. */
async function startCheck(page: Page, url: string, samples: number, concurrency: number): Promise<void> {
  await page.goto('/run');
  await page.getByRole('radio', { name: /Check stories/ }).check();
  const form = page.getByRole('form', { name: 'Check settings' });
  await form.getByLabel('Category').selectOption('social');
  await form.getByLabel('Source').selectOption('llamacpp');
  await form.getByLabel('Base URL').fill(url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel('Concurrency').fill(String(concurrency));
  await form.getByLabel('Samples per story and check').fill(String(samples));
  await form.getByRole('button', { name: 'Check stories' }).click();
}

/** Waits for the check run to end and opens its page. */
async function openFinished(page: Page): Promise<void> {
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await progress.getByRole('link', { name: 'Open this check run' }).click();
  await expect(page.getByTestId('check-status')).toHaveText('done');
}

type RateRow = Record<
  'check' | 'category' | 'passRate' | 'passed' | 'undecided' | 'unreadable' | 'notFound',
  string
>;

/** The pass-rate table as the page shows it. */
async function shownRates(page: Page): Promise<RateRow[]> {
  const rows = page.getByRole('table', { name: 'Pass rates' }).locator('tbody tr');
  const out: RateRow[] = [];
  for (const row of await rows.all()) {
    const cell = async (id: string): Promise<string> =>
      ((await row.getByTestId(id).textContent()) ?? '').trim();
    out.push({
      check: (await row.getAttribute('data-check')) ?? '',
      category: (await row.getAttribute('data-category')) ?? '',
      passRate: await cell('pass-rate'),
      passed: await cell('passed'),
      undecided: await cell('undecided'),
      unreadable: await cell('unreadable'),
      notFound: await cell('quotes-not-found')
    });
  }
  return out;
}

interface CliRate {
  check: string;
  category: string;
  passRate?: number;
  passed: number;
  decided: number;
  undecided: number;
  unreadableSamples: number;
  quotesNotFound: number;
}

/**
 * The same check run made by the CLI against a fresh server playing the same checker (so it gets
 * the same replies), scored by `score --run CHECKS.jsonl --json`, in the page's terms.
 */
async function cliRates(mode: CheckerMode, samples: number): Promise<RateRow[]> {
  const server = await startOpenAIServer({ answer: fakeChecker(mode) });
  const out = join(dir, `${mode}-${String(samples)}.jsonl`);
  try {
    const run = await cli([
      'check',
      '--provider',
      'openai',
      '--base-url',
      server.url,
      '--model',
      'fake-model',
      '--api-key',
      'test-key',
      '--dataset',
      'social',
      '--samples',
      String(samples),
      '--retry-base-ms',
      '1',
      '--retry-max-ms',
      '5',
      '--out',
      out
    ]);
    expect(run.code, run.err).toBe(0);
  } finally {
    await server.close();
  }
  const scored = await cli(['score', '--run', out, '--json']);
  expect(scored.code, scored.err).toBe(0);
  return (JSON.parse(scored.out) as { rates: CliRate[] }).rates.map((r) => ({
    check: r.check,
    category: r.category,
    passRate: r.passRate === undefined ? '—' : r.passRate.toFixed(3),
    passed: `${String(r.passed)}/${String(r.decided)}`,
    undecided: String(r.undecided),
    unreadable: String(r.unreadableSamples),
    notFound: String(r.quotesNotFound)
  }));
}

const row = (rates: RateRow[], check: string, category = 'all'): RateRow | undefined =>
  rates.find((r) => r.check === check && r.category === category);

test('a check run closed mid-way resumes when the Run page opens again, asks nothing twice, and shows the pass rates the CLI gives', async ({
  context
}) => {
  test.setTimeout(180_000);
  const server = await startOpenAIServer({ answer: fakeChecker('honest'), latencyMs: 80 });
  const planned = STORY_CHECKS * 3;
  try {
    const first = await context.newPage();
    await startCheck(first, server.url, 3, 1);
    await expect(first.getByTestId('done')).toHaveText(/^([1-5][0-9]) of 72$/, { timeout: 30_000 });
    await first.close();
    expect(server.requests.length).toBeLessThan(planned);

    const again = await context.newPage();
    await again.goto('/run');
    await expect(again.getByRole('status')).toContainText('Resuming a check run that was interrupted');
    await openFinished(again);
    // At most the one request in flight when the tab closed is asked again.
    expect(server.requests.length).toBeGreaterThanOrEqual(planned);
    expect(server.requests.length).toBeLessThanOrEqual(planned + 1);
    await expect(again.getByTestId('check-calls')).toContainText('72 of 72 calls answered');
    await expect(again.getByTestId('check-calls')).toContainText(/[1-9]\d* tokens in/);

    const shown = await shownRates(again);
    expect(row(shown, 'incorporation')).toMatchObject({ passRate: '1.000', passed: '40/40' });
    expect(shown).toEqual(await cliRates('honest', 3));
    // Three samples agreeing on every value: unanimous, and kappa undefined (one label only).
    const all = again
      .getByRole('table', { name: 'Pass rates' })
      .locator('tr[data-check="consistency"][data-category="all"]');
    await expect(all.locator('td').nth(6)).toHaveText('1.000');
    await expect(all.locator('td').nth(7)).toHaveText('undefined');
  } finally {
    await server.close();
  }
});

test('an invented quote is kept and flagged; the story page marks the quoted line by its offsets', async ({
  page
}) => {
  test.setTimeout(120_000);
  const server = await startOpenAIServer({ answer: fakeChecker('invents-a-quote') });
  try {
    await startCheck(page, server.url, 1, 4);
    await openFinished(page);
    expect(server.requests.length).toBe(STORY_CHECKS);
    const shown = await shownRates(page);
    expect(row(shown, 'consistency')).toMatchObject({ passed: '32/40', notFound: '8', passRate: '0.800' });
    expect(row(shown, 'implicitness')).toMatchObject({ passed: '32/40', notFound: '0' });
    expect(shown).toEqual(await cliRates('invents-a-quote', 1));
    const verdicts = page.getByRole('table', { name: 'Verdicts of social story 1' });
    await expect(verdicts).toContainText(`Priya: "${INVENTED_QUOTE}" (not found in the story)`);
    expect(await seriousViolations(page)).toEqual([]);

    await verdicts.page().getByRole('link', { name: 'social story 1', exact: true }).click();
    const checks = page.getByRole('region', { name: 'Quality checks' });
    const values = checks.getByTestId('value-checks');
    await expect(values).toHaveCount(5);
    await expect(values.nth(0)).toContainText('consistency: fail');
    await expect(values.nth(0)).toContainText(
      `Priya: "${INVENTED_QUOTE}" — not found in the story text shown`
    );
    await expect(values.nth(1)).toContainText('implicitness: fail');
    await expect(values.nth(2)).toContainText('incorporation: pass');
    // The located quote is one marked piece of the story, at the offsets listed beside it.
    const located = values.nth(1).getByTestId('check-quote').filter({ hasText: 'characters' });
    const [, start, end] = /characters (\d+)–(\d+)/.exec((await located.textContent()) ?? '') ?? [];
    const marked = checks.getByTestId('marked-story');
    const text = (await marked.textContent()) ?? '';
    await expect(marked.locator('mark')).toHaveCount(1);
    await expect(marked.locator('mark')).toHaveText(text.slice(Number(start), Number(end)));
    expect(text.slice(Number(start), Number(end)).length).toBeGreaterThan(12);
    // Rendered as text: the story's markup characters are shown, not interpreted.
    expect(text).toContain('**');
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await server.close();
  }
});

test('a skipped value and an always unreadable reply are asked again, then counted apart; unreadable twice then fine is read', async ({
  page
}) => {
  test.setTimeout(180_000);
  for (const mode of ['skips-a-value', 'unreadable-twice', 'always-unreadable'] as const) {
    const server = await startOpenAIServer({ answer: fakeChecker(mode) });
    try {
      await startCheck(page, server.url, 1, 4);
      await openFinished(page);
      // Every reply is refused and asked again twice (the third is read or stored as it is).
      expect(server.requests.length, mode).toBe(STORY_CHECKS * 3);
      const shown = await shownRates(page);
      const incorporation = row(shown, 'incorporation');
      if (mode === 'skips-a-value')
        expect(incorporation).toMatchObject({ passed: '32/32', undecided: '8', unreadable: '8' });
      if (mode === 'unreadable-twice')
        expect(incorporation).toMatchObject({ passed: '40/40', undecided: '0', unreadable: '0' });
      if (mode === 'always-unreadable')
        expect(incorporation).toMatchObject({
          passRate: '—',
          passed: '0/0',
          undecided: '40',
          unreadable: '40'
        });
      expect(shown, mode).toEqual(await cliRates(mode, 1));
    } finally {
      await server.close();
    }
  }
});

test('a paused check run resumes from its page, asking only what it has not stored', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startOpenAIServer({ answer: fakeChecker('honest'), latencyMs: 150 });
  try {
    // The check form, loaded when its mode is chosen: labelled, and samples default to the release's 3.
    await page.goto('/run');
    await page.getByRole('radio', { name: /Check stories/ }).check();
    const form = page.getByRole('form', { name: 'Check settings' });
    await expect(form.getByLabel('Samples per story and check')).toHaveValue('3');
    expect(await seriousViolations(page)).toEqual([]);
    await startCheck(page, server.url, 1, 1);
    await expect(page.getByTestId('done')).toHaveText(/^([3-9]|1[0-9]) of 24$/, { timeout: 30_000 });
    const progress = page.getByRole('region', { name: 'Run progress' });
    await progress.getByRole('button', { name: 'Pause' }).click();
    await expect(progress).toHaveAttribute('data-status', 'paused');
    await progress.getByRole('link', { name: 'Open this check run' }).click();
    await expect(page.getByTestId('check-status')).toHaveText('paused');
    const answered = Number(
      /^(\d+) of 24/.exec((await page.getByTestId('check-calls').textContent()) ?? '')?.[1]
    );
    expect(answered).toBeLessThan(24);
    const asked = server.requests.length;
    await page.getByRole('button', { name: 'Resume this check run' }).click();
    await openFinished(page);
    await expect(page.getByTestId('check-calls')).toContainText('24 of 24 calls answered');
    // The call in flight when the pause came is the only one asked twice.
    expect(server.requests.length - asked).toBe(24 - answered);
    expect(asked - answered).toBeLessThanOrEqual(1);
  } finally {
    await server.close();
  }
});
