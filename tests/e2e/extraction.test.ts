/**
 * Value extraction end to end: a model server and a judge on another server, both local HTTP
 * servers speaking OpenAI's protocol; a faulty judge for re-judging; human overrides; reload.
 * The stories are imported as a tiny release file, so every expected figure is known here.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer } from '../servers/fake-server';

const PREDICTED = ['Family comes first--agree', 'Work is a duty--disagree'];

// Four stories; the third makes the model forget its `[Final answer]:` list.
const STORIES = [
  {
    text: 'Ana serves her parents first.',
    values: ['Family comes first--agree', 'Elders deserve respect--agree']
  },
  { text: 'Ben works on Sunday.', values: ['Work is a duty--agree'] },
  { text: 'Silent scene.', values: ['Family comes first--agree', 'Work is a duty--disagree'] },
  { text: 'Cleo leaves work early.', values: ['Work is a duty--disagree', 'Family comes first--agree'] }
];
/** A `dataset_social_original.json` of these stories, gold values as given. */
function releaseOf(stories: readonly { text: string; values: string[] }[]) {
  return [
    {
      name: 'dataset_social_original.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify(
          stories.map((s) => ({
            story: `**Title: ${s.text}**\n\n**Ana:** “${s.text}”`,
            original_values: s.values,
            values: s.values,
            contradiction: []
          }))
        )
      )
    }
  ];
}

/** The model: notes on the first call, the same two values on the second (none for the silent scene). */
function model(prompt: FakePrompt): string {
  const first = prompt.messages[0]?.content ?? '';
  if (!prompt.messages.some((m) => m.role === 'assistant'))
    return 'Topics: family, work. Ana speaks of both.';
  if (first.includes('Silent scene')) return 'I cannot tell.';
  return `Some thoughts first.\n[Final answer]:\n${PREDICTED.join('\n')}`;
}

function references(prompt: FakePrompt): { predicted: string; gold: string[] } {
  const text = prompt.lastUser;
  const predicted = /Predicted values:\n([\s\S]*?)\n\nReference values:/.exec(text)?.[1] ?? '';
  const block = /Reference values:\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';
  const gold = [...block.matchAll(/^Value \d+: (.*)$/gm)].map((m) => m[1] ?? '');
  return { predicted, gold };
}

/** A fair judge: 1 when a prediction is the gold value, 0.5 when only its statement is there, else 0. */
function judge(prompt: FakePrompt): string {
  const { predicted, gold } = references(prompt);
  const verdicts = gold.map((g) => {
    const statement = g.split('--')[0] ?? g;
    return predicted.includes(g) ? 1 : predicted.includes(statement) ? 0.5 : 0;
  });
  return [
    ...verdicts.map((v, i) => `Value ${i + 1}: ${v === 1 ? 'present' : v === 0.5 ? 'partly' : 'absent'}.`),
    '[Final answer]:',
    ...verdicts.map((v, i) => `Value ${i + 1}: ${v}`)
  ].join('\n');
}

/** A judge that says 1 to every value except the second, whose verdict it never writes as a number. */
function faultyJudge(prompt: FakePrompt): string {
  const { gold } = references(prompt);
  return ['[Final answer]:', ...gold.map((_g, i) => `Value ${i + 1}: ${i === 1 ? 'maybe' : '1'}`)].join('\n');
}

/** A judge that never writes a verdict as a number. */
function vagueJudge(prompt: FakePrompt): string {
  const { gold } = references(prompt);
  return ['[Final answer]:', ...gold.map((_g, i) => `Value ${i + 1}: it depends`)].join('\n');
}

let modelServer: FakeServer;
let judgeServer: FakeServer;
let faultyServer: FakeServer;
let vagueServer: FakeServer;
test.beforeAll(async () => {
  modelServer = await startOpenAIServer({ answer: model, latencyMs: 30 });
  judgeServer = await startOpenAIServer({ answer: judge, latencyMs: 30 });
  faultyServer = await startOpenAIServer({ answer: faultyJudge });
  vagueServer = await startOpenAIServer({ answer: vagueJudge });
});
test.afterAll(async () => {
  await Promise.all([modelServer.close(), judgeServer.close(), faultyServer.close(), vagueServer.close()]);
});

async function importStories(page: Page, stories = STORIES): Promise<void> {
  await page.goto('/datasets');
  await page.getByRole('button', { name: 'Import release files…' }).click();
  await page.getByLabel('Name').fill('tiny');
  await page.getByLabel('Files', { exact: true }).setInputFiles(releaseOf(stories));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('provenance')).toContainText('Imported');
}

async function startExtraction(page: Page, judgeUrl: string): Promise<Locator> {
  await page.getByRole('link', { name: 'Run', exact: true }).click();
  const form = page.getByRole('form', { name: 'Run settings' });
  await form.getByLabel('Dataset').selectOption({ label: 'tiny (imported)' });
  await form.getByLabel('Task').selectOption('extraction');
  await chooseServer(form.getByRole('group', { name: 'Model' }), modelServer.url);
  await chooseServer(form.getByRole('group', { name: 'Judge' }), judgeUrl);
  return form;
}

async function chooseServer(group: Locator, url: string): Promise<void> {
  await group.getByLabel('Source').selectOption('llamacpp');
  await group.getByLabel('Base URL').fill(url);
  await group.getByLabel('Model', { exact: true }).fill('fake-model');
}

test('value extraction with a separate judge, re-judged by a faulty judge, corrected by a person, kept on reload', async ({
  page
}) => {
  test.setTimeout(120_000);
  await importStories(page);
  const form = await startExtraction(page, judgeServer.url);
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-phase', 'judge');
  await expect(progress.getByTestId('done')).toHaveText('4 of 4');
  // The silent scene has no prediction, so it gets no judge call.
  await expect(progress.getByTestId('judge-done')).toHaveText('3 of 3');
  await expect(progress.getByTestId('judge-outcome')).toContainText(
    '5 gold values judged, 0 verdicts unreadable'
  );
  // Two calls per story for the model, one per predicted story for the judge: each on its own server.
  expect(modelServer.requests.filter((r) => r.method === 'POST')).toHaveLength(8);
  expect(judgeServer.requests.filter((r) => r.method === 'POST')).toHaveLength(3);

  await progress.getByRole('link', { name: 'Open this run' }).click();
  // (1 + 0) + 0.5 + (0 + 0, no prediction) + (1 + 1) over 7 gold values.
  await expect(page.getByTestId('score')).toContainText('0.500');
  await expect(page.getByTestId('judged')).toHaveText('5');
  await expect(page.getByTestId('unparseable')).toHaveText('0');
  await expect(page.getByTestId('no-prediction')).toHaveText('1');
  await expect(page.getByTestId('errors')).toHaveText('0');
  await expect(page.getByTestId('judge-usage')).toContainText('3 calls');

  // Both model calls, the prediction, and the verdicts with their justifications.
  await page.getByRole('button', { name: 'social story 1', exact: true }).click();
  const detail = page.getByRole('region', { name: 'Story detail' });
  await expect(detail.getByTestId('analysis-output')).toHaveText('Topics: family, work. Ana speaks of both.');
  await expect(detail.getByTestId('final-output')).toContainText('[Final answer]:');
  await expect(detail.getByTestId('prediction')).toContainText('Work is a duty--disagree');
  await expect(detail.getByTestId('judge-verdict')).toHaveText(['1', '0']);
  await expect(detail.getByTestId('gold-value').nth(1)).toContainText('absent');

  // Re-judging with the faulty judge asks the judge only; a setting left empty is refused in words.
  const asked = modelServer.requests.length;
  const rejudge = page.getByRole('form', { name: 'Re-judge' });
  await chooseServer(rejudge, faultyServer.url);
  await rejudge.getByLabel('Judge samples').fill('');
  await rejudge.getByRole('button', { name: 'Judge again' }).click();
  await expect(rejudge.getByRole('alert')).toHaveText('Judge samples must be a whole number from 1 to 10.');
  await rejudge.getByLabel('Judge samples').fill('1');
  await rejudge.getByRole('button', { name: 'Judge again' }).click();
  await expect(page.getByRole('table', { name: 'Judgings' }).getByRole('row')).toHaveCount(3, {
    timeout: 30_000
  });
  await expect(page.getByRole('table', { name: 'Judgings' })).not.toContainText('running');
  expect(modelServer.requests.length).toBe(asked);
  // An unreadable reply is refused and asked again twice: three calls for each story with a
  // second gold value, one for the story with a single value.
  expect(faultyServer.requests.filter((r) => r.method === 'POST')).toHaveLength(7);

  const judgings = page.getByRole('table', { name: 'Judgings' });
  await expect(judgings.getByTestId('judging-score')).toHaveText([/^0\.500/, /^0\.600/]);
  // The new judging does not replace the run's score: the first one gives it until another is chosen.
  await expect(rejudge.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('score')).toContainText('0.500');
  await expect(judgings.getByRole('row').nth(1).getByTestId('scores-run')).toBeVisible();
  await expect(page.getByTestId('coverage-warning')).toHaveCount(0);
  await judgings.getByRole('row').nth(2).getByRole('button', { name: 'Show' }).click();
  // The two unreadable verdicts are counted, not scored: 3 of the 5 counted values are 1.
  await expect(page.getByTestId('score')).toContainText('0.600');
  await expect(page.getByTestId('shown-judge')).toContainText('The run’s score comes from the judging by');
  await expect(page.getByTestId('coverage-warning')).toContainText('2 unreadable');
  await expect(page.getByTestId('unparseable')).toHaveText('2');
  await expect(page.getByTestId('judge-usage')).toContainText('4 replies refused');
  await expect(detail.getByTestId('judge-verdict').nth(1)).toContainText('unreadable');
  await expect(detail.getByTestId('refused-output')).toHaveCount(2);

  // Back to the fair judge; a person confirms one verdict and overrides another.
  await judgings.getByRole('row').nth(1).getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('score')).toContainText('0.500');
  await detail.getByRole('button', { name: 'Confirm the judge on value 1' }).click();
  await expect(page.getByTestId('corrected-score')).toContainText('0.500');
  await detail.getByLabel('Note on value 2').fill('elders are served first');
  await detail.getByRole('button', { name: 'Set 1 for value 2' }).click();
  // 4.5 of 7 once the 0 becomes 1; the judge-only score does not move.
  await expect(page.getByTestId('corrected-score')).toContainText('0.643');
  await expect(page.getByTestId('score')).toContainText('0.500');
  await expect(detail.getByTestId('human-verdict')).toHaveText(['1', '1']);
  await expect(detail).toContainText('elders are served first');
  await expect(page.getByTestId('agreement')).toContainText('2 verdicts reviewed; 8 more needed');

  await page.reload();
  await page.getByRole('button', { name: 'social story 1', exact: true }).click();
  await expect(page.getByTestId('corrected-score')).toContainText('0.643');
  await expect(page.getByRole('table', { name: 'Judgings' }).getByRole('row')).toHaveCount(3);
  await expect(detail.getByTestId('human-verdict')).toHaveText(['1', '1']);

  await detail.getByRole('button', { name: 'Remove the verdict on value 2' }).click();
  await expect(page.getByTestId('corrected-score')).toContainText('0.500');
  await expect(page.getByTestId('score')).toContainText('0.500');
  await expect(detail.getByTestId('human-verdict')).toHaveText(['1', '—']);

  // The user makes the faulty judging score the run: kept on reload, until it is deleted.
  const faulty = judgings.getByRole('row').nth(2);
  await faulty.getByRole('button', { name: 'Use for the run’s score' }).click();
  await expect(faulty.getByTestId('scores-run')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('score')).toContainText('0.600');
  await expect(page.getByTestId('shown-judge')).toContainText('The run’s score: judged by');
  await faulty.getByRole('button', { name: 'Delete', exact: true }).click();
  await faulty.getByRole('button', { name: 'Keep' }).click();
  await expect(judgings.getByRole('row')).toHaveCount(3);
  await faulty.getByRole('button', { name: 'Delete', exact: true }).click();
  await faulty.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(judgings.getByRole('row')).toHaveCount(2);
  await expect(judgings.getByRole('row').nth(1).getByTestId('scores-run')).toBeVisible();
  await expect(page.getByTestId('score')).toContainText('0.500');
});

test('a judging stopped for good stays stopped while another judge runs, and can be resumed or deleted after a reload', async ({
  page
}) => {
  test.setTimeout(120_000);
  await importStories(page);
  const form = await startExtraction(page, judgeServer.url);
  const judgeFields = form.getByRole('group', { name: 'Judge' });
  // Settings are checked in the form, with sentences, before anything is stored.
  await judgeFields.getByLabel('Judge samples').fill('');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(form.getByRole('alert')).toHaveText('Judge samples must be a whole number from 1 to 10.');
  await judgeFields.getByLabel('Judge samples').fill('2');
  await expect(judgeFields.getByTestId('samples-warning')).toContainText('temperature 0');
  await judgeFields.getByLabel('Judge temperature').fill('0.7');
  await expect(judgeFields.getByTestId('samples-warning')).toHaveCount(0);
  await judgeFields.getByLabel('Judge samples').fill('1');
  await judgeFields.getByLabel('Judge temperature').fill('0');
  // The judge server does not know this model: the judging stops for good, the run's calls are kept.
  await judgeFields.getByLabel('Model', { exact: true }).fill('no-such-judge');
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(form.getByRole('alert')).toHaveCount(0);
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-phase', 'judge');
  await progress.getByRole('link', { name: 'Open this run' }).click();

  const judgings = page.getByRole('table', { name: 'Judgings' });
  await expect(judgings.getByTestId('judging-status')).toHaveText([/^stopped/]);
  // Only the story without a prediction counts (as 0): the score says what it leaves out.
  await expect(page.getByTestId('score')).toContainText('0.000');
  await expect(page.getByTestId('coverage-warning')).toContainText('3 stories not judged yet');
  const before = judgeServer.requests.filter((r) => r.method === 'POST').length;
  const rejudge = page.getByRole('form', { name: 'Re-judge' });
  await chooseServer(rejudge, judgeServer.url);
  await rejudge.getByRole('button', { name: 'Judge again' }).click();
  // Only the new judging runs: the stopped one is not asked again first.
  await expect(judgings.getByTestId('judging-status')).toHaveText([/^stopped/, 'done'], { timeout: 30_000 });
  expect(judgeServer.requests.filter((r) => r.method === 'POST').length - before).toBe(3);

  await page.reload();
  const stopped = judgings.getByRole('row').nth(1);
  await expect(stopped.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(judgings.getByRole('row').nth(2).getByTestId('scores-run')).toBeVisible();
  await expect(page.getByTestId('score')).toContainText('0.500');
  const asked = judgeServer.requests.length;
  await stopped.getByRole('button', { name: 'Resume' }).click();
  // Resumed on its own, it asks its judge again, stops again for the same reason, and says so.
  await expect.poll(() => judgeServer.requests.length, { timeout: 30_000 }).toBeGreaterThan(asked);
  await expect(stopped.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 30_000 });
  await expect(judgings.getByTestId('judging-status').first()).toContainText('not found');
  await stopped.getByRole('button', { name: 'Delete', exact: true }).click();
  await stopped.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(judgings.getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('score')).toContainText('0.500');
});

test('a judge whose verdicts are never readable gives no score, not a score of 0', async ({ page }) => {
  test.setTimeout(120_000);
  // Every story gets a prediction, so only the judge's verdicts could be counted.
  await importStories(page, [STORIES[0]!, STORIES[1]!, STORIES[3]!]);
  const form = await startExtraction(page, vagueServer.url);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress.getByTestId('judge-outcome')).toContainText('none (no readable verdict)');
  await progress.getByRole('link', { name: 'Open this run' }).click();
  await expect(page.getByTestId('score')).toHaveText('— (no readable verdict)');
  await expect(page.getByTestId('unparseable')).toHaveText('5');
  await expect(page.getByTestId('coverage-warning')).toContainText('5 unreadable');
  await expect(page.getByTestId('verdict-coverage')).toContainText('0.000');
  await expect(page.getByRole('table', { name: 'Judgings' }).getByTestId('judging-score')).toHaveText(
    '— (no readable verdict)'
  );
});

test('the judge phase pauses, resumes, and goes on after the tab is closed, without asking the model again', async ({
  context
}) => {
  test.setTimeout(120_000);
  const slowJudge = await startOpenAIServer({ answer: judge, latencyMs: 600 });
  const page = await context.newPage();
  await importStories(page);
  const form = await startExtraction(page, slowJudge.url);
  // Two samples per story measure the judge's self-consistency.
  await form.getByRole('group', { name: 'Judge' }).getByLabel('Judge samples').fill('2');
  const modelAsked = modelServer.requests.length;
  await form.getByRole('button', { name: 'Run', exact: true }).click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress.getByTestId('judge-done')).toBeVisible({ timeout: 30_000 });
  await progress.getByRole('button', { name: 'Pause' }).click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  await progress.getByRole('button', { name: 'Resume' }).click();
  await expect(progress.getByTestId('judge-done')).toHaveText(/^[1-5] of 6$/, { timeout: 30_000 });
  await page.close();

  const again = await context.newPage();
  await again.goto('/run');
  const resumed = again.getByRole('region', { name: 'Run progress' });
  await expect(resumed.getByRole('status')).toContainText('Resuming a judging that was interrupted');
  await expect(resumed).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(resumed.getByTestId('judge-done')).toHaveText('6 of 6');
  // The model answered each story's two calls once; only the judge was asked again.
  expect(modelServer.requests.length - modelAsked).toBe(8);

  await resumed.getByRole('link', { name: 'Open this run' }).click();
  await expect(again.getByTestId('score')).toContainText('0.500');
  await expect(again.getByTestId('consistency')).toContainText('2 samples per story');
  await expect(again.getByTestId('consistency')).toContainText('all samples agree on 1.000 of 5 values');
  await slowJudge.close();
});

test('judge–human agreement is shown once ten verdicts are reviewed, and follows the overrides', async ({
  page
}) => {
  test.setTimeout(120_000);
  await importStories(page, [
    {
      text: 'One.',
      values: [...PREDICTED.slice(0, 1), 'Work is a duty--agree', 'Elders deserve respect--agree']
    },
    {
      text: 'Two.',
      values: ['Work is a duty--disagree', 'Family comes first--disagree', 'Money matters--agree']
    },
    { text: 'Three.', values: [...PREDICTED, 'Money matters--agree'] },
    { text: 'Four.', values: ['Elders deserve respect--agree', 'Money matters--agree', PREDICTED[0] ?? ''] }
  ]);
  const form = await startExtraction(page, judgeServer.url);
  await form.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await progress.getByRole('link', { name: 'Open this run' }).click();

  const detail = page.getByRole('region', { name: 'Story detail' });
  const agreement = page.getByTestId('agreement');
  for (const story of [0, 1, 2]) {
    await page.getByRole('button', { name: `social story ${story + 1}`, exact: true }).click();
    for (const value of [1, 2, 3]) {
      await detail.getByRole('button', { name: `Confirm the judge on value ${value}` }).click();
      await expect(detail.getByTestId('human-verdict').nth(value - 1)).not.toHaveText('—');
    }
  }
  await expect(agreement).toContainText('9 verdicts reviewed; 1 more needed');
  await page.getByRole('button', { name: 'social story 4', exact: true }).click();
  await detail.getByRole('button', { name: 'Confirm the judge on value 1' }).click();
  await expect(agreement).toContainText('raw 1.000, Cohen’s κ 1.000');
  // A person disagreeing on one of the ten lowers both; the judge-only score stays.
  const judgeOnly = await page.getByTestId('score').textContent();
  await detail.getByRole('button', { name: 'Set 1 for value 1' }).click();
  await expect(agreement).toContainText('raw 0.900');
  await expect(agreement).not.toContainText('κ 1.000');
  await expect(page.getByTestId('score')).toHaveText(judgeOnly ?? '');
});
