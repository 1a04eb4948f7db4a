import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportedFiguresSchema } from '../schema/reported';
import { OVERALL } from './identity';
import { baselineReferenceRows, reportedRows, SETTING_NOT_STATED } from './reference';
import { DATASET } from './testing';

describe("the paper's reported figures", () => {
  const figures = reportedFiguresSchema.parse(
    JSON.parse(readFileSync('datasets/paper-reported.json', 'utf8'))
  );

  it('become one marked row per model, in the overall column of each task, without interval', () => {
    const rows = reportedRows(figures);
    const o1 = rows.find((r) => r.label === 'o1')!;
    expect(o1.kind).toBe('reported');
    expect(o1.note).toContain(SETTING_NOT_STATED);
    expect(o1.source).toBe(figures.source);
    expect(o1.cells[`selection/${OVERALL}`]).toMatchObject({ score: 0.809, metric: 'F1', interval: null });
    expect(o1.cells[`attitude/${OVERALL}`]?.score).toBe(0.622);
    expect(o1.cells[`attitude/${OVERALL}`]?.where).toContain('abstract');
    expect(rows.find((r) => r.label === 'GPT-4o-mini')!.cells[`extraction/${OVERALL}`]?.score).toBe(0.602);
    expect(rows).toHaveLength(new Set(figures.rows.map((r) => r.model)).size);
  });
});

describe('chance baseline reference rows', () => {
  it('score the baselines’ own answers on the dataset', async () => {
    const rows = await baselineReferenceRows(DATASET, ['attitude', 'selection'], { selectionRuns: 5 });
    const [uniform, majority] = rows;
    expect(uniform?.kind).toBe('reference');

    // Uniform: every question has two options, one of them right: exactly 1/2 per question;
    // 95% of runs within 1.96 * sqrt(n / 4) / n of it.
    const social = uniform!.cells['attitude/social']!;
    expect(social.score).toBe(0.5);
    expect(social.interval!.low).toBeCloseTo(0.5 - 1.959963984540054 / 4, 12);
    expect(uniform!.cells[`attitude/${OVERALL}`]!.score).toBe(0.5);

    // Majority: "agree" is the gold label of 4 of 6 questions, so it always answers agree.
    expect(majority!.cells['attitude/social']!.score).toBe(0.75);
    expect(majority!.cells['attitude/ethical']!.score).toBe(0.5);
    expect(majority!.cells[`attitude/${OVERALL}`]!.score).toBeCloseTo(4 / 6, 15);

    // Majority selection: both attitudes are equally frequent, so it takes the first options:
    // social/0 {family, elders} all right, social/1 and ethical/0 {family} wrong.
    expect(majority!.cells['selection/social']!.score).toBe(0.5);
    expect(majority!.cells[`selection/${OVERALL}`]!.score).toBeCloseTo(1 / 3, 15);

    const sel = uniform!.cells[`selection/${OVERALL}`]!;
    expect(sel.score).toBeGreaterThan(0);
    expect(sel.score).toBeLessThan(1);
    expect(sel.interval!.low).toBeLessThanOrEqual(sel.score);
    expect(sel.interval!.high).toBeGreaterThanOrEqual(sel.score);
    // The bar is the range of the seeded runs, and says so: it is not a 95% interval.
    expect(sel.intervalKind).toBe('range of 5 seeded runs');
    expect(social.intervalKind).toBeUndefined();
    // Each row says which dataset it was computed on.
    expect(uniform!.dataset).toMatchObject({ id: 'fixture', name: 'fixture', shipped: false });
    expect(uniform!.key).toBe('reference|fixture|uniform-random');
  });

  it('are the same every time (seeded), and computed once per dataset', async () => {
    const a = await baselineReferenceRows(DATASET, ['selection'], { selectionRuns: 3 });
    // Another id: not the remembered rows, computed afresh.
    const b = await baselineReferenceRows({ ...DATASET, id: 'again' }, ['selection'], { selectionRuns: 3 });
    expect(b.map((r) => r.cells)).toEqual(a.map((r) => r.cells));
    expect(b[0]!.dataset?.id).toBe('again');
    const again = await baselineReferenceRows(DATASET, ['selection'], { selectionRuns: 3 });
    expect(again).toEqual(a);
    // Remembered rows are handed out as copies: a caller changing them changes nothing here.
    again[0]!.cells[`selection/${OVERALL}`]!.score = 2;
    expect((await baselineReferenceRows(DATASET, ['selection'], { selectionRuns: 3 }))[0]).toEqual(a[0]);
  });

  it('leave out tasks the dataset has no files for', async () => {
    const { social } = DATASET.categories;
    const rows = await baselineReferenceRows({
      ...DATASET,
      categories: { social: { setting1: social!.setting1! } }
    });
    expect(Object.keys(rows[0]!.cells).every((k) => k.startsWith('attitude/'))).toBe(true);
  });
});
