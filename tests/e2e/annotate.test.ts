/**
 * The annotation workspace end to end, in real IndexedDB: a lead makes a project from a check
 * run the CLI wrote against a local checking server; two annotators in their own browser
 * contexts label with the keyboard only, reload mid-way and continue, submit, see the model's
 * verdicts only then, and export; the lead refuses broken files, merges the good ones, reads
 * agreement figures that the test works out by hand, adjudicates one item and downloads the CSV.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Download, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt } from '../servers/fake-model';
import { seriousViolations } from './axe';

type Verdict = 'pass' | 'fail';
const P: Verdict = 'pass';
const F: Verdict = 'fail';

/** A checker that finds value 1 missing (incorporation) and every value implicit. */
function checker(prompt: FakePrompt): string {
  const values = prompt.lastUser.split('\nValues:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
  const count = values.filter((l) => /^Value \d+:/.test(l)).length;
  const implicitness = prompt.lastUser.includes('[Obvious speech]');
  const n = Array.from({ length: count }, (_, i) => i + 1);
  return [
    ...n.map(
      (i) => `Value ${i}: ${i === 1 && !implicitness ? 'nothing in the story shows it' : 'it shows'}.`
    ),
    '[Verdicts]:',
    ...n.map((i) => `Value ${i}: ${i === 1 && !implicitness ? 'No' : 'Yes'}`),
    ...(implicitness ? ['[Obvious speech]:', 'NONE'] : [])
  ].join('\n');
}

async function saved(download: Promise<Download>): Promise<{ name: string; text: string }> {
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

interface Assignment {
  projectId: string;
  annotator: string;
  stories: { storyId: string; text: string; values: unknown[] }[];
}

async function openAssignment(browser: Browser, file: { name: string; text: string }, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto('/annotate');
  await page.getByLabel('Open an assignment file').setInputFiles({
    name: file.name,
    mimeType: 'application/json',
    buffer: Buffer.from(file.text)
  });
  const assignment = JSON.parse(file.text) as Assignment;
  await expect(page).toHaveURL(new RegExp(`/annotate/work/[^/]+/${assignment.annotator}$`));
  return { context, page };
}

const key = (v: Verdict): string => (v === 'pass' ? 'y' : 'n');

/** The Yes/No radio of a value and check in the label grid. */
const choice = (page: Page, value: number, check: string, verdict: Verdict) =>
  page
    .getByRole('radiogroup', { name: `Value ${value + 1} ${check}` })
    .getByRole('radio', { name: verdict === 'pass' ? 'Yes' : 'No' });

/**
 * Labels values `from`..`to` (inclusive) of the shown story with keys only: the verdict for
 * incorporation, → to implicitness, its verdict, ← back, ↓ to the next value. The active cell
 * is at value `from`, check 0 when called.
 */
async function labelValues(
  page: Page,
  incorporation: readonly Verdict[],
  implicitness: readonly Verdict[],
  from: number,
  to: number,
  atFirst?: () => Promise<void>
): Promise<void> {
  for (let v = from; v <= to; v++) {
    await page.keyboard.press(key(incorporation[v]!));
    await expect(choice(page, v, 'incorporation', incorporation[v]!)).toHaveAttribute('aria-checked', 'true');
    if (v === from && atFirst) await atFirst();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(key(implicitness[v]!));
    await expect(choice(page, v, 'implicitness', implicitness[v]!)).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
  }
}

// Incorporation labels chosen for the 2 stories × 5 values (story 1 then story 2); implicitness
// is Yes throughout, so its κ and α are undefined. Ben changes story 1 value 1 after the reveal.
const ANA = [P, P, P, F, P, P, F, P, P, P];
const BEN = [P, P, F, F, P, P, P, P, F, P];
const BEN_FINAL = [F, ...BEN.slice(1)];
const IMPLICIT = [P, P, P, P, P, P, P, P, P, P];

/** The four figures worked out by hand for two annotators on a pass/fail label. */
function byHand(a: readonly Verdict[], b: readonly Verdict[]) {
  const n = a.length;
  const agree = a.filter((x, i) => x === b[i]).length;
  const po = agree / n;
  const passA = a.filter((x) => x === P).length / n;
  const passB = b.filter((x) => x === P).length / n;
  // Cohen: chance from each annotator's own shares.
  const cohen =
    (po - (passA * passB + (1 - passA) * (1 - passB))) / (1 - (passA * passB + (1 - passA) * (1 - passB)));
  // Fleiss: chance from the pooled shares.
  const pooled = (passA + passB) / 2;
  const pe = pooled ** 2 + (1 - pooled) ** 2;
  const fleiss = (po - pe) / (1 - pe);
  // Krippendorff (nominal, no missing): 1 - (N - 1) · disagreements / (n_pass · n_fail) over N = 2n values.
  const nPass = pooled * 2 * n;
  const alpha = 1 - ((2 * n - 1) * (n - agree)) / (nPass * (2 * n - nPass));
  // Gwet: chance 2π(1 - π) with π the pooled share.
  const ac1pe = 2 * pooled * (1 - pooled);
  const ac1 = (po - ac1pe) / (1 - ac1pe);
  return { po, cohen, fleiss, alpha, ac1, failShare: 1 - pooled };
}

test('a project from a check run: two annotators label by keyboard, the lead merges, reads agreement, adjudicates and exports', async ({
  browser
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'cqbench-annotate-'));
  const checksFile = join(dir, 'checks.jsonl');
  const server = await startOpenAIServer({ answer: checker });
  try {
    await promisify(execFile)(process.execPath, [
      'dist/cqbench.mjs',
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
      '--checks',
      'incorporation,implicitness',
      '--samples',
      '1',
      '--out',
      checksFile
    ]);
  } finally {
    await server.close();
  }

  // The lead makes the project.
  const leadContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const lead = await leadContext.newPage();
  await lead.goto('/annotate');
  const form = lead.getByRole('form', { name: 'New annotation project' });
  await form.getByLabel('Name').fill('Pilot');
  await form.getByLabel('social', { exact: true }).check();
  await form.getByLabel('How many').fill('2');
  await form.getByLabel('consistency', { exact: true }).uncheck();
  await form.getByLabel('Annotators (comma-separated)').fill('ana, ben');
  // A check run of other story versions (its recorded dataset hash differs) is refused, named.
  const [header, ...results] = readFileSync(checksFile, 'utf8').split('\n');
  const older = JSON.parse(header!) as { config: { dataset: { sha256: string } } };
  older.config.dataset.sha256 = '0'.repeat(64);
  await form.getByLabel(/^Check run to validate/).setInputFiles({
    name: 'checks-old.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from([JSON.stringify(older), ...results].join('\n'))
  });
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'checks-old.jsonl: the check run was made on shipped benchmark (social), not this version of the stories'
  );
  await expect(lead).toHaveURL(/\/annotate$/);
  await form.getByLabel(/^Check run to validate/).setInputFiles(checksFile);
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(lead).toHaveURL(/\/annotate\/project\/[^/]+$/);
  await expect(lead.getByText('Verdicts of the checking model fake-model')).toBeVisible();
  const anaFile = await saved(
    Promise.all([
      lead.waitForEvent('download'),
      lead.getByRole('button', { name: "Download ana's assignment" }).click()
    ]).then(([d]) => d)
  );
  const benFile = await saved(
    Promise.all([
      lead.waitForEvent('download'),
      lead.getByRole('button', { name: "Download ben's assignment" }).click()
    ]).then(([d]) => d)
  );
  const assignment = JSON.parse(anaFile.text) as Assignment;
  expect(assignment.stories.map((s) => s.values.length)).toEqual([5, 5]);
  const [story1, story2] = assignment.stories as [
    Assignment['stories'][number],
    Assignment['stories'][number]
  ];

  // Ana, on a laptop: story 1 in two sittings (a reload after value 3), evidence by Shift+arrows.
  const ana = await openAssignment(browser, anaFile, 1280);
  const page = ana.page;
  await expect(page.getByText(`Story 1 of 2 (${story1.storyId})`)).toBeVisible();
  await labelValues(page, ANA.slice(0, 5), IMPLICIT, 0, 2, async () => {
    await page.keyboard.press('s');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('e');
    await expect(page.locator('mark')).toHaveText(story1.text.slice(0, 12));
    await page.keyboard.press('Escape');
  });
  await page.reload();
  await expect(page.getByText(`Story 1 of 2 (${story1.storyId})`)).toBeVisible();
  for (let v = 0; v <= 2; v++)
    await expect(choice(page, v, 'incorporation', ANA[v]!)).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('mark')).toHaveText(story1.text.slice(0, 12));
  for (let v = 0; v < 3; v++) await page.keyboard.press('ArrowDown');
  await labelValues(page, ANA.slice(0, 5), IMPLICIT, 3, 4);
  // Blind: nothing of the model shows before the story is submitted.
  await expect(page.getByTestId('model-verdict')).toHaveCount(0);
  await expect(page.getByText('nothing in the story shows it')).toHaveCount(0);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status')).toHaveText(/Submitted/);
  const revealed = page.getByTestId('model-verdict');
  await expect(revealed).toHaveCount(10);
  await expect(revealed.first()).toContainText('Model: No');
  await expect(revealed.first()).toContainText('nothing in the story shows it');
  expect(await seriousViolations(page), 'work page after the reveal').toEqual([]);

  // Story 2, then a reload: the page comes back on story 2.
  await page.keyboard.press(']');
  await expect(page.getByText(`Story 2 of 2 (${story2.storyId})`)).toBeVisible();
  await labelValues(page, ANA.slice(5), IMPLICIT, 0, 1);
  await page.reload();
  await expect(page.getByText(`Story 2 of 2 (${story2.storyId})`)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await labelValues(page, ANA.slice(5), IMPLICIT, 2, 4);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('model-verdict')).toHaveCount(10);
  const anaResults = await saved(
    Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Export results \(2 stories\)/ }).click()
    ]).then(([d]) => d)
  );
  const anaLabels = (
    JSON.parse(anaResults.text) as {
      labels: { storyId: string; valueIndex: number; check: string; blind: { evidence: unknown[] } }[];
    }
  ).labels;
  expect(anaLabels).toHaveLength(20);
  expect(
    anaLabels.find((l) => l.storyId === story1.storyId && l.valueIndex === 0 && l.check === 'incorporation')
      ?.blind.evidence
  ).toEqual([{ start: 0, end: 12, quote: story1.text.slice(0, 12) }]);

  // Ben, on a tablet, in his own browser: changes value 1 of story 1 once he sees the model's No.
  const ben = await openAssignment(browser, benFile, 820);
  const benPage = ben.page;
  await labelValues(benPage, BEN.slice(0, 5), IMPLICIT, 0, 4);
  await benPage.keyboard.press('Control+Enter');
  await expect(benPage.getByTestId('model-verdict').first()).toContainText('Model: No');
  for (let v = 0; v < 4; v++) await benPage.keyboard.press('ArrowUp');
  await benPage.keyboard.press('n');
  await expect(choice(benPage, 0, 'incorporation', F)).toHaveAttribute('aria-checked', 'true');
  await expect(benPage.getByTestId('model-verdict').first()).toContainText('Before the reveal: Yes');
  await benPage.keyboard.press(']');
  await expect(benPage.getByText(`Story 2 of 2 (${story2.storyId})`)).toBeVisible();
  await labelValues(benPage, BEN.slice(5), IMPLICIT, 0, 4);
  await benPage.keyboard.press('Control+Enter');
  await expect(benPage.getByTestId('model-verdict')).toHaveCount(10);
  expect(await seriousViolations(benPage), 'work page at a tablet width').toEqual([]);
  const scrollWidth = await benPage.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
  expect(scrollWidth, 'the work page fits a tablet').toBeLessThanOrEqual(820);
  const benResults = await saved(
    Promise.all([
      benPage.waitForEvent('download'),
      benPage.getByRole('button', { name: /^Export results/ }).click()
    ]).then(([d]) => d)
  );

  // The lead refuses broken, foreign, stale and doubled files, storing nothing.
  const importFiles = async (files: { name: string; text: string }[]) =>
    lead
      .getByLabel(/^Import results files/)
      .setInputFiles(
        files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) }))
      );
  const anaJson = JSON.parse(anaResults.text) as { projectId: string; labels: { textHash: string }[] };
  const benJson = JSON.parse(benResults.text) as { labels: { textHash: string }[] };
  await importFiles([
    { name: 'ana.json', text: anaResults.text },
    { name: 'broken.json', text: '{"format": "cqbench-annotation-results",' },
    { name: 'other-project.json', text: JSON.stringify({ ...anaJson, projectId: 'another-project' }) },
    {
      name: 'ben-stale.json',
      text: JSON.stringify({
        ...benJson,
        labels: benJson.labels.map((l, i) => (i === 0 ? { ...l, textHash: '0'.repeat(64) } : l))
      })
    }
  ]);
  const alert = lead.getByRole('alert');
  await expect(alert).toContainText('Nothing was imported');
  await expect(alert).toContainText(/broken\.json: .*JSON/);
  await expect(alert).toContainText('other-project.json: it belongs to another project (another-project)');
  await expect(alert).toContainText(
    /ben-stale\.json: label 0: story "[^"]+" was labelled on another version of its text/
  );
  await importFiles([
    { name: 'ana.json', text: anaResults.text },
    { name: 'ana-copy.json', text: anaResults.text }
  ]);
  await expect(alert).toContainText('ana-copy.json: "ana" already has results in ana.json');
  await lead.reload();
  const annotators = lead.getByRole('table', { name: 'Annotators' });
  await expect(annotators.getByRole('row', { name: /^ana/ })).toContainText('not yet');
  await expect(lead.getByRole('heading', { name: 'Agreement' })).toHaveCount(0);

  await importFiles([
    { name: 'ana.json', text: anaResults.text },
    { name: 'ben.json', text: benResults.text }
  ]);
  await expect(lead.getByRole('status')).toHaveText('Imported 2 results files.');
  await expect(annotators.getByRole('row', { name: /^ana/ })).toContainText('20 labels');
  await importFiles([{ name: 'ana-later.json', text: anaResults.text }]);
  await expect(alert).toContainText(
    'ana-later.json: results of "ana" were already imported into this project'
  );

  // Agreement on screen equals the figures worked out by hand, before the reveal and final.
  for (const [stage, ben] of [
    ['blind', BEN],
    ['final', BEN_FINAL]
  ] as const) {
    const want = byHand(ANA, ben);
    const cells = lead.locator(`tr[data-check="incorporation"][data-stage="${stage}"] td`);
    const starts = (x: number) => new RegExp(`^${x.toFixed(3).replace('.', '\\.')}(\\s|$)`);
    await expect(cells.nth(2)).toHaveText('10');
    await expect(cells.nth(3)).toHaveText(`${(want.failShare * 100).toFixed(1)}% fail`);
    await expect(cells.nth(4)).toHaveText(starts(want.po));
    await expect(cells.nth(5)).toHaveText(starts(want.fleiss));
    await expect(cells.nth(6)).toHaveText(starts(want.alpha));
    await expect(cells.nth(7)).toHaveText(starts(want.ac1));
    await expect(cells.nth(8)).toHaveText(`ana–ben: ${want.cohen.toFixed(3)} (n=10)`);
  }
  // Everyone said Yes on implicitness: κ and α are undefined, not 0 and not NaN.
  const implicit = lead.locator('tr[data-check="implicitness"][data-stage="final"] td');
  await expect(implicit.nth(4)).toHaveText(/^1\.000/);
  await expect(implicit.nth(5)).toHaveText(/^undefined/);
  await expect(implicit.nth(6)).toHaveText(/^undefined/);
  // The model (No on value 1 of each story, Yes elsewhere) against the people's blind majority,
  // where they agree; worked out by hand.
  const MODEL = ANA.map((_, i) => (i % 5 === 0 ? F : P));
  const both = ANA.flatMap((a, i) => (a === BEN[i] ? [{ human: a, model: MODEL[i]! }] : []));
  const count = (human: Verdict, model: Verdict) =>
    both.filter((u) => u.human === human && u.model === model).length;
  const humanPass = both.filter((u) => u.human === P).length / both.length;
  const modelPass = both.filter((u) => u.model === P).length / both.length;
  const modelRaw = (count(P, P) + count(F, F)) / both.length;
  const modelChance = humanPass * modelPass + (1 - humanPass) * (1 - modelPass);
  const versus = lead.locator('tr[data-check="incorporation"]', { has: lead.locator('td') }).filter({
    hasText: 'ties'
  });
  await expect(versus.locator('td')).toHaveText([
    'incorporation',
    String(both.length),
    modelRaw.toFixed(3),
    ((modelRaw - modelChance) / (1 - modelChance)).toFixed(3),
    `${count(P, P)} / ${count(P, F)}`,
    `${count(F, P)} / ${count(F, F)}`,
    (count(P, F) / (count(P, P) + count(P, F))).toFixed(3),
    (count(F, P) / (count(F, P) + count(F, F))).toFixed(3),
    byHand(ANA, BEN).po.toFixed(3),
    `${ANA.length - both.length} ties, 0 without a model verdict`
  ]);
  await expect(lead.getByTestId('anchoring')).toHaveText('Changed after the reveal: 1 of 40 labels.');

  // Adjudication: the 4 incorporation disagreements, story order within equal agreement.
  const queue = lead.getByRole('list', { name: 'Adjudication queue' });
  await expect(lead.getByText('4 of 4 items people disagreed on still need a final label')).toBeVisible();
  const disagreed = [0, 2, 6, 8].map((i) => `${(i < 5 ? story1 : story2).storyId}#${i % 5}#incorporation`);
  const queued = queue.locator(':scope > li');
  await expect(queued).toHaveCount(4);
  expect(await queued.evaluateAll((items) => items.map((i) => i.getAttribute('data-item')))).toEqual(
    disagreed
  );
  const first = queue.getByRole('form', { name: `Final label for ${disagreed[0]}` });
  await first.getByRole('button', { name: 'Set final label' }).click();
  await expect(first.getByRole('alert')).toHaveText('Choose the final label.');
  await first.getByLabel('No').check();
  await first.getByRole('button', { name: 'Set final label' }).click();
  await expect(first.getByRole('alert')).toHaveText('Give the reason for this final label.');
  await first.getByLabel('Reason').fill('Nothing in the story shows the value.');
  await first.getByRole('button', { name: 'Set final label' }).click();
  await expect(lead.getByText('3 of 4 items people disagreed on still need a final label')).toBeVisible();
  await lead.reload();
  const finals = lead.getByRole('table', { name: 'Final labels' });
  await expect(finals.locator(`tr[data-item="${disagreed[0]}"]`)).toContainText(
    'adjudicated: Nothing in the story shows the value.'
  );
  await expect(finals.locator(`tr[data-item="${story1.storyId}#1#incorporation"]`)).toContainText(
    'unanimous'
  );
  await expect(finals.locator(`tr[data-item="${disagreed[1]}"]`)).toContainText('undecided');
  await expect(lead.getByText('16 unanimous, 1 adjudicated, 3 undecided.')).toBeVisible();
  expect(
    await queued.evaluateAll((items) => items.map((i) => i.getAttribute('data-item'))),
    'a decided item goes to the end of the queue'
  ).toEqual([...disagreed.slice(1), disagreed[0]]);
  expect(await seriousViolations(lead), 'project page with results').toEqual([]);
  await lead.setViewportSize({ width: 820, height: 900 });
  expect(
    await lead.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity),
    'the project page fits a tablet'
  ).toBeLessThanOrEqual(820);
  await lead.setViewportSize({ width: 1280, height: 900 });

  // The long-form CSV: one row per story × value × check × annotator.
  const csv = await saved(
    Promise.all([
      lead.waitForEvent('download'),
      lead.getByRole('button', { name: 'Download every label (CSV)' }).click()
    ]).then(([d]) => d)
  );
  const rows = Papa.parse<Record<string, string>>(csv.text, { header: true }).data;
  expect(rows).toHaveLength(40);
  const row = (annotator: string) =>
    rows.find(
      (r) =>
        r.story_id === story1.storyId &&
        r.value === '1' &&
        r.check === 'incorporation' &&
        r.annotator === annotator
    );
  expect(row('ana')).toMatchObject({
    label_before_reveal: 'pass',
    label_final: 'pass',
    evidence_offsets: '0-12',
    evidence_quotes: story1.text.slice(0, 12),
    item_final_label: 'fail',
    item_final_status: 'adjudicated'
  });
  expect(row('ben')).toMatchObject({
    label_before_reveal: 'pass',
    label_final: 'fail',
    changed_after_reveal: 'true'
  });

  await lead.goto('/annotate');
  // One project: the refused check run stored nothing.
  await expect(lead.getByRole('link', { name: 'Pilot' })).toHaveCount(1);
  expect(await seriousViolations(lead), 'the Annotate page with a project').toEqual([]);
  await ana.page.goto('/annotate');
  await expect(ana.page.getByText('2 of 2 stories submitted')).toBeVisible();
  expect(await seriousViolations(ana.page), 'the Annotate page with an assignment').toEqual([]);

  for (const context of [leadContext, ana.context, ben.context]) await context.close();
});
