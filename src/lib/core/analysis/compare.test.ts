import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { compareRuns, judgeScore, type CompareSide } from './compare';
import { f1OfMeans } from '../scoring/selection-summary';
import { scoreRun } from './score';
import { configFor, DATASET, judgeReply, judgingConfig, result, results, runInput, V } from './testing';
import type { RunConfig } from '../schema/run';
import type { ItemResult } from '../schema/run';
import type { RunInput } from './aggregate';

function side(
  id: string,
  config: RunConfig,
  items: ItemResult[],
  extra: Partial<RunInput> = {}
): CompareSide {
  return { id, label: id, config, scored: scoreRun(runInput(id, config, items, extra)) };
}

describe('comparing two runs', () => {
  it('refuses runs on different items or of different tasks, saying why', async () => {
    const a = side('a', await configFor('attitude'), []);
    const other = await configFor('attitude', {
      dataset: { id: 'x', name: 'other', sha256: 'e'.repeat(64) }
    });
    const b: CompareSide = { ...a, id: 'b', config: other };
    const r = compareRuns(a, b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('different items');
    const c = side('c', await configFor('selection'), []);
    const t = compareRuns(a, c);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toContain('different tasks');
  });

  it('task 1: McNemar on the discordant questions, the paired difference, and the disagreements', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    // Gold: agree, disagree, agree, agree, disagree, agree.
    const a = side('a', config, results(keys, ['agree', 'disagree', 'agree', 'agree', 'agree', 'agree']));
    const b = side('b', config, results(keys, ['Agree.', 'agree', 'disagree', 'disagree', 'agree', 'agree']));
    const r = compareRuns(a, b);
    if (!r.ok) throw new Error(r.reason);
    // A right on 5 (all but ethical/0/0); B right on 2 (social/0/0, ethical/0/1).
    expect(r.table).toEqual({ both: 2, onlyA: 3, onlyB: 0, neither: 1 });
    expect(r.test).toBe('mcnemar-exact');
    // 2 * (1/2)^3 = 0.25
    expect(r.p).toBe(0.25);
    expect(r.difference).toBeCloseTo(3 / 6, 15);
    expect(r.interval.low).toBeLessThan(0.5);
    expect(r.interval.high).toBeGreaterThan(0.5);
    // "agree" and "Agree." read as the same option with the same verdict: no disagreement there.
    expect(r.disagreements.map((d) => d.key)).toEqual(['social/0/1', 'social/1/0', 'social/1/1']);
    const first = r.disagreements[0]!;
    expect(first).toMatchObject({ verdictsDiffer: true, prompt: 'Money brings happiness' });
    expect(first.a).toMatchObject({ output: 'disagree', mapped: 'disagree', verdict: 'correct' });
    expect(first.b).toMatchObject({ output: 'agree', mapped: 'agree', verdict: 'wrong' });
  });

  it('compares a one-category run with a whole-split run on the items both answered, failures left out', async () => {
    const social = { ...DATASET, categories: { social: DATASET.categories.social! } };
    const whole = await configFor('attitude');
    const one = await configFor('attitude', {}, social);
    expect(one.dataset.sha256).not.toBe(whole.dataset.sha256);
    const a: CompareSide = {
      id: 'one',
      label: 'one',
      config: one,
      scored: scoreRun({
        ...runInput('one', one, results(planKeys(social, 'attitude'), ['agree', 'disagree', 'agree', null])),
        dataset: social
      })
    };
    const b = side(
      'whole',
      whole,
      results(planKeys(DATASET, 'attitude'), ['agree', 'agree', 'agree', 'agree', 'x', 'y'])
    );
    const r = compareRuns(a, b);
    if (!r.ok) throw new Error(r.reason);
    // social/1/1 failed in A, and ethical was never asked by A: 3 paired questions.
    expect(r.n).toBe(3);
    expect(r.leftOut).toBe(3);
    expect(r.table).toEqual({ both: 2, onlyA: 1, onlyB: 0, neither: 0 });
    expect(r.disagreements.map((d) => d.key)).toEqual(['social/0/1']);
  });

  it('pairs only items both runs answered: a paused run is not "worse" on items it never reached', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    // Gold: agree, disagree, agree, agree, disagree, agree. The finished run is right on all six;
    // the paused one answered the first two, rightly.
    const done = side(
      'done',
      config,
      results(keys, ['agree', 'disagree', 'agree', 'agree', 'disagree', 'agree'])
    );
    const paused = side('paused', config, results(keys, ['agree', 'disagree']), { status: 'paused' });
    const r = compareRuns(done, paused);
    if (!r.ok) throw new Error(r.reason);
    expect(r).toMatchObject({ n: 2, leftOut: 4, difference: 0, p: 1 });
    expect(r.table).toEqual({ both: 2, onlyA: 0, onlyB: 0, neither: 0 });
    expect(r.a.score).toBe(1);
    expect(r.b.score).toBe(1);
    expect(r.disagreements).toEqual([]);
    const none = compareRuns(done, side('empty', config, []));
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toContain('no answered item in common');
  });

  it('task 2: paired bootstrap over stories of the difference in F1 of means', async () => {
    const config = await configFor('selection');
    const keys = planKeys(DATASET, 'selection');
    const a = side('a', config, results(keys, [`${V.family}\n${V.elders}`, V.church, V.money]));
    const b = side('b', config, results(keys, [V.family, V.money, V.money]));
    const r = compareRuns(a, b);
    if (!r.ok) throw new Error(r.reason);
    expect(r.test).toBe('paired-bootstrap');
    // A: perfect, F1 1. B: P = (1 + 0 + 1)/3, R = (0.5 + 0 + 1)/3 -> F1 = 2PR/(P+R) = 4/7.
    expect(r.a.score).toBe(1);
    expect(r.b.score).toBeCloseTo(4 / 7, 15);
    expect(r.difference).toBeCloseTo(1 - 4 / 7, 15);
    expect(r.interval.low).toBeLessThanOrEqual(r.difference);
    expect(r.interval.high).toBeGreaterThanOrEqual(r.difference);
    expect(r.disagreements.map((d) => d.key)).toEqual(['social/0', 'social/1']);
    expect(compareRuns(a, b)).toEqual(r);
  });

  it('task 2: the release’s F1 of means is what the paired bootstrap resamples', async () => {
    const config = await configFor('selection');
    const keys = planKeys(DATASET, 'selection');
    const s = scoreRun(runInput('a', config, results(keys, [V.family, V.money, 'no values'])));
    if (s.task !== 'selection') throw new Error('selection');
    expect(f1OfMeans(s.summary.items)).toBe(s.summary.f1);
  });

  it('task 3: paired bootstrap of the judge score; a run against itself differs by nothing', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const outputs = results(keys, ['[Final answer]: a', '[Final answer]: b', '[Final answer]: c']);
    const judging = (verdicts: number[][]) => ({
      id: 'j',
      config: judgingConfig('a'),
      results: keys.map((k, i) => result(k, judgeReply(verdicts[i]!)))
    });
    const a = side('a', config, outputs, { judging: judging([[1, 1], [1], [0]]) });
    const b = side('b', config, outputs, { judging: judging([[1, 0], [0], [0]]) });
    if (a.scored.task !== 'extraction') throw new Error('extraction');
    expect(judgeScore(a.scored.summary.items)).toBe(a.scored.summary.score);
    const r = compareRuns(a, b);
    if (!r.ok) throw new Error(r.reason);
    expect(r.a.score).toBe(0.75);
    expect(r.b.score).toBe(0.25);
    expect(r.difference).toBeCloseTo(0.5, 15);
    expect(r.disagreements.map((d) => d.key)).toEqual(['social/0', 'social/1']);
    const same = compareRuns(a, { ...a, id: 'a2' });
    if (!same.ok) throw new Error(same.reason);
    expect(same).toMatchObject({ difference: 0, p: 1, disagreements: [] });
  });
});
