import { describe, expect, it } from 'vitest';
import { NO_ANSWER, UNMATCHED, summarizeAttitude } from './attitude-summary';
import { summarizeSelection } from './selection-summary';
import type { AttitudeQuestion, SelectionItem } from '../schema/task-items';

const OPTIONS = [' agree ', ' disagree '];
const q = (gold: string): AttitudeQuestion => ({ options: OPTIONS, gold });

describe('summarizeAttitude', () => {
  // 1 agree->agree (ok), 2 agree->disagree, 3 disagree->disagree (ok), 4 disagree->'xyz'
  // (no shared letter: unmatched), 5 agree->failed call, 6 disagree->disagree (ok).
  const outputs = ['agree', 'Disagree', 'disagree', 'xyz', null, 'DISAGREE'];
  const questions = [q('Agree'), q('Agree'), q('Disagree'), q('Disagree'), q('Agree'), q('Disagree')];
  const s = summarizeAttitude(outputs, questions, { reasoning: false });

  it('computes accuracy as correct / questions', () => {
    expect(s.n).toBe(6);
    expect(s.correct).toBe(3);
    expect(s.accuracy).toBe(0.5);
    expect(s.lengthMismatch).toBeUndefined();
  });

  it('gives a Wilson interval around the accuracy', () => {
    expect(s.accuracyInterval.low).toBeCloseTo(0.1876163064826506, 9);
    expect(s.accuracyInterval.high).toBeCloseTo(0.8123836935173494, 9);
  });

  it('counts outcomes and coverage (answered items / items)', () => {
    expect(s.outcomes).toEqual({ correct: 3, wrong: 2, unparseable: 0, error: 1 });
    expect(s.coverage).toBeCloseTo(5 / 6, 12);
  });

  it('computes per-label precision, recall, F1 and the macro-F1', () => {
    const agree = s.perLabel.find((l) => l.label === 'agree');
    const disagree = s.perLabel.find((l) => l.label === 'disagree');
    // agree: tp 1, fp 0, fn 2 (one predicted disagree, one failed call).
    expect(agree?.precision).toBeCloseTo(1, 12);
    expect(agree?.recall).toBeCloseTo(1 / 3, 12);
    expect(agree?.f1).toBeCloseTo(0.5, 12);
    expect(agree?.support).toBe(3);
    // disagree: tp 2, fp 1 (item 2), fn 1 (item 4).
    expect(disagree?.precision).toBeCloseTo(2 / 3, 12);
    expect(disagree?.recall).toBeCloseTo(2 / 3, 12);
    expect(disagree?.f1).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo(7 / 12, 12);
  });

  it('builds the confusion table with unmatched and no-answer columns', () => {
    expect(s.confusion).toEqual({
      agree: { agree: 1, disagree: 1, [NO_ANSWER]: 1 },
      disagree: { disagree: 2, [UNMATCHED]: 1 }
    });
  });

  it('counts a reasoning output without a marker as unparseable', () => {
    const r = summarizeAttitude(['[Answer] agree', 'agree'], [q('agree'), q('agree')], { reasoning: true });
    expect(r.accuracy).toBe(0.5);
    expect(r.coverage).toBe(0.5);
    expect(r.outcomes).toEqual({ correct: 1, wrong: 0, unparseable: 1, error: 0 });
    expect(r.confusion).toEqual({ agree: { agree: 1, [NO_ANSWER]: 1 } });
  });

  it('scores only the common prefix when there are fewer outputs than questions', () => {
    const r = summarizeAttitude(['agree', 'agree'], [q('agree'), q('agree'), q('disagree')], {
      reasoning: false
    });
    expect(r.n).toBe(2);
    expect(r.accuracy).toBe(1);
    expect(r.lengthMismatch).toEqual({ outputs: 2, expected: 3 });
  });

  it('scores only the common prefix when there are more outputs than questions', () => {
    const r = summarizeAttitude(['agree', 'disagree', 'agree'], [q('agree'), q('agree')], {
      reasoning: false
    });
    expect(r.n).toBe(2);
    expect(r.accuracy).toBe(0.5);
    expect(r.lengthMismatch).toEqual({ outputs: 3, expected: 2 });
  });

  it('in strict mode accepts only exact options, unlike the paper mode', () => {
    const outputs2 = ['I agree', 'Agree'];
    const qs = [q('agree'), q('agree')];
    const paper = summarizeAttitude(outputs2, qs, { reasoning: false });
    const strict = summarizeAttitude(outputs2, qs, { reasoning: false, strict: true });
    expect(paper.accuracy).toBe(1);
    expect(strict.strict).toBe(true);
    expect(strict.accuracy).toBe(0.5);
    expect(strict.outcomes.unparseable).toBe(1);
  });

  it('gives zero accuracy for no questions', () => {
    const r = summarizeAttitude([], [], { reasoning: false });
    expect(r.n).toBe(0);
    expect(r.accuracy).toBe(0);
    expect(r.macroF1).toBe(0);
  });
});

const O = [
  'Work is a duty towards society--agree',
  'Religion is very important in life--agree',
  'Men make better political leaders--disagree',
  'Divorce is never justifiable--agree',
  'Competition is good for people--agree',
  'Leisure time is very important--disagree'
];
const sel = (gold: string[]): SelectionItem => ({ options: O, gold });
const o = (n: number): string => O[n - 1]!;

describe('summarizeSelection', () => {
  // A: exact (P 1, R 1, F1 1). B: one of four gold values (P 1, R 0.25, F1 0.4).
  // C: a wrong value (P 0, R 0, F1 0). D: no gold values (skipped). E: no value lines (skipped).
  const outputs = [o(1), o(1), o(6), o(1), 'No idea.'];
  const items = [sel([o(1)]), sel([o(1), o(2), o(3), o(4)]), sel([o(1)]), sel([]), sel([o(1)])];
  const s = summarizeSelection(outputs, items, { reasoning: false });

  it('excludes skipped items from the counts', () => {
    expect(s.n).toBe(5);
    expect(s.scored).toBe(3);
    expect(s.skipped).toBe(2);
  });

  it('averages precision and recall over scored items', () => {
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBeCloseTo(1.25 / 3, 12);
  });

  it('computes F1 from the mean P and R, not as the mean of per-item F1s', () => {
    // 2 * (2/3) * (5/12) / (2/3 + 5/12) = 20/39 ; the mean of per-item F1s would be 1.4/3.
    expect(s.f1).toBeCloseTo(20 / 39, 12);
    expect(Math.abs(s.f1 - 1.4 / 3)).toBeGreaterThan(0.04);
    expect(s.itemF1.mean).toBeCloseTo(1.4 / 3, 12);
  });

  it('reports the per-item F1 distribution', () => {
    expect(s.itemF1.median).toBeCloseTo(0.4, 12);
    expect(s.itemF1.histogram).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('computes exact-set accuracy over scored items', () => {
    expect(s.exactSetAccuracy).toBeCloseTo(1 / 3, 12);
    expect(s.exactSetInterval.low).toBeCloseTo(0.06149194472039621, 9);
    expect(s.exactSetInterval.high).toBeCloseTo(0.7923403991979522, 9);
  });

  it('gives a bootstrap interval for F1 that is deterministic and inside [0, 1]', () => {
    const again = summarizeSelection(outputs, items, { reasoning: false });
    expect(again.f1Interval).toEqual(s.f1Interval);
    expect(s.f1Interval.low).toBeGreaterThanOrEqual(0);
    expect(s.f1Interval.high).toBeLessThanOrEqual(1);
    expect(s.f1Interval.low).toBeLessThan(s.f1Interval.high);
  });

  it('counts outcomes and coverage', () => {
    // exact, wrong, no value lines (skipped), failed call (counted as 0).
    const r = summarizeSelection(
      [o(1), o(6), 'No idea.', null],
      [sel([o(1)]), sel([o(1)]), sel([o(1)]), sel([o(1)])],
      {
        reasoning: false
      }
    );
    expect(r.outcomes).toEqual({ correct: 1, wrong: 1, unparseable: 1, error: 1 });
    expect(r.coverage).toBe(0.5);
    expect(r.scored).toBe(3);
  });

  it('counts an item with an empty answer in the means', () => {
    // A (P 1, R 1) and an empty plain output (P 0, R 0): P = R = F1 = 0.5.
    const r = summarizeSelection([o(1), '   '], [sel([o(1)]), sel([o(1)])], { reasoning: false });
    expect(r.scored).toBe(2);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBe(0.5);
  });

  it('gives F1 = 0, not NaN, when every scored item has P = R = 0', () => {
    const r = summarizeSelection([o(6)], [sel([o(1)])], { reasoning: false });
    expect(r.f1).toBe(0);
  });

  it('counts items flagged because the release would crash on them', () => {
    const r = summarizeSelection(['final answer\n \n', o(1)], [sel([o(1)]), sel([o(1)])], {
      reasoning: true
    });
    expect(r.flagged).toBe(1);
    expect(r.scored).toBe(2);
  });

  it('scores only the common prefix on a length mismatch and reports it', () => {
    const r = summarizeSelection([o(1), o(6)], [sel([o(1)]), sel([o(1)]), sel([o(2)])], { reasoning: false });
    expect(r.n).toBe(2);
    expect(r.precision).toBe(0.5);
    expect(r.lengthMismatch).toEqual({ outputs: 2, expected: 3 });
  });
});
