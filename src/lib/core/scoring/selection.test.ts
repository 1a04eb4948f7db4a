import { describe, expect, it } from 'vitest';
import { extractSelection, scoreSelectionItem, type SelectionItemScore } from './selection';
import type { SelectionItem } from '../schema/task-items';

/** Fifteen options as in the release (no digits inside, so only answer digits count). */
const O = [
  'Work is a duty towards society--agree',
  'Work is a duty towards society--disagree',
  'Religion is very important in life--agree',
  'Homosexuality is never justifiable--agree',
  'Men make better political leaders--disagree',
  'Cheating on taxes is never justifiable--agree',
  'Competition is good for people--agree',
  'Hard work brings a better life--agree',
  'Private ownership should be increased--disagree',
  'Immigrants take jobs away from locals--disagree',
  'People should obey their rulers--disagree',
  'Divorce is never justifiable--agree',
  'Family is very important in life--agree',
  'Friends are very important in life--agree',
  'Leisure time is very important--disagree'
] as const;
const o = (n: number): string => O[n - 1]!;

function item(gold: string[], options: readonly string[] = O): SelectionItem {
  return { options, gold };
}

type Scored = Extract<SelectionItemScore, { skipped: false }>;

function scored(r: SelectionItemScore): Scored {
  if (r.skipped) throw new Error(`expected a scored item, got skipped (${r.reason})`);
  return r;
}

function expectScores(r: SelectionItemScore, precision: number, recall: number, f1: number): void {
  const s = scored(r);
  expect(s.precision).toBeCloseTo(precision, 12);
  expect(s.recall).toBeCloseTo(recall, 12);
  expect(s.f1).toBeCloseTo(f1, 12);
}

describe('extractSelection, plain prompts', () => {
  it('strips the output with the Python whitespace set', () => {
    expect(extractSelection('\u00a0 a--b \n', O, false).text).toBe('a--b');
    expect(extractSelection('\ufeffa--b', O, false).text).toBe('\ufeffa--b');
  });

  it('does not read digits in plain mode', () => {
    expect(extractSelection('1, 2', O, false).text).toBe('1, 2');
  });
});

describe('extractSelection, reasoning prompts with "final answer"', () => {
  it('finds the marker case-insensitively and reads option numbers after it', () => {
    expect(extractSelection('Thinking about 7 and 9.\nFINAL ANSWER: 2 and 4', O, true).text).toBe(
      `${o(2)}\n${o(4)}`
    );
  });

  it('keeps only numbers 1..15, reads leading zeros and keeps duplicates in order', () => {
    const text = extractSelection('Final answer: 0, 3, 16, 03, 15, 99999999999999999999', O, true).text;
    expect(text).toBe(`${o(3)}\n${o(3)}\n${o(15)}`);
  });

  it('reads only the text between the first and the second "final answer"', () => {
    expect(extractSelection('final answer: 1. Final Answer: 2', O, true).text).toBe(o(1));
  });

  it('uses the lower-cased rest itself, unstripped, when it has no digits', () => {
    expect(extractSelection(`Final answer:\n${o(1)}\n`, O, true).text).toBe(`:\n${o(1).toLowerCase()}\n`);
  });

  it('gives an empty text when only 0 or numbers above 15 are named', () => {
    expect(extractSelection('final answer: 0 and 16', O, true).text).toBe('');
  });

  it('counts Unicode decimal digits such as Arabic-Indic three', () => {
    expect(extractSelection('Final answer: \u0663', O, true).text).toBe(o(3));
    expect(extractSelection('Final answer: \u0661\u0662', O, true).text).toBe(o(12));
  });

  it('does not count a superscript two as a digit', () => {
    expect(extractSelection('Final answer: \u00b2', O, true).text).toBe(': \u00b2');
  });

  it('takes priority over </think>, so digits in the thinking are ignored', () => {
    expect(extractSelection('<think>option 7</think> Final answer: 2', O, true).text).toBe(o(2));
  });

  it('reports option numbers past the end of a short option list', () => {
    const r = extractSelection('final answer: 1, 3', O.slice(0, 2), true);
    expect(r.text).toBe(o(1));
    expect(r.outOfRange).toEqual([3]);
  });
});

describe('extractSelection, reasoning prompts with </think> only', () => {
  it('counts digits anywhere in the whole output, the thinking included (quirk)', () => {
    expect(extractSelection('<think>Option 3 looks right</think>\nI choose 5', O, true).text).toBe(
      `${o(3)}\n${o(5)}`
    );
  });

  it('counts a Unicode digit inside the thinking', () => {
    expect(extractSelection('<think>\u0663</think>\nnone', O, true).text).toBe(o(3));
  });

  it('without digits, takes the stripped, lower-cased text after </think>', () => {
    expect(extractSelection(`<think>hmm</think>\n  ${o(1)}  \n`, O, true).text).toBe(o(1).toLowerCase());
  });

  it('gives an empty text when no marker is present', () => {
    expect(extractSelection(`${o(1)}\n3`, O, true).text).toBe('');
    expect(extractSelection('</THINK> 3', O, true).text).toBe('');
  });
});

describe('scoreSelectionItem', () => {
  it('scores an exact answer as P = R = F1 = 1', () => {
    const r = scored(scoreSelectionItem(`${o(1)}\n${o(3)}`, item([o(1), o(3)]), false));
    expect([r.precision, r.recall, r.f1]).toEqual([1, 1, 1]);
    expect(r.exact).toBe(true);
    expect(r.outcome).toBe('correct');
  });

  it('counts a wrong value as a false positive and a missed one as a false negative', () => {
    const r = scored(scoreSelectionItem(`${o(1)}\n${o(5)}`, item([o(1), o(3)]), false));
    expect([r.tp, r.fp, r.fn]).toEqual([1, 1, 1]);
    expect([r.precision, r.recall, r.f1]).toEqual([0.5, 0.5, 0.5]);
    expect(r.outcome).toBe('wrong');
  });

  it('maps a paraphrased line to the option sharing more than 15 code points', () => {
    const r = scoreSelectionItem('- religion is very important in life--Agree.', item([o(3)]), false);
    expectScores(r, 1, 1, 1);
  });

  it('maps by option numbers in reasoning mode', () => {
    const r = scoreSelectionItem('<think>...</think>\nFinal answer: 1, 3, 5', item([o(1), o(3)]), true);
    // predicted {o1, o3, o5}: tp 2, fp 1, fn 0
    expectScores(r, 2 / 3, 1, 0.8);
  });

  it('maps a line only when the shared substring is longer than 15 (16 maps, 15 does not)', () => {
    const options = ['Abcdefghijklmnop--yes', 'zzzz--zzzz'];
    const gold = ['Abcdefghijklmnop--yes'];
    // 'xx--abcdefghijklmnop' shares 'abcdefghijklmnop' (16) with the first option.
    expectScores(scoreSelectionItem('xx--abcdefghijklmnop', item(gold, options), false), 1, 1, 1);
    // 'xx--bcdefghijklmnop' shares only 'bcdefghijklmnop' (15): kept as itself, a false positive.
    const r = scored(scoreSelectionItem('xx--bcdefghijklmnop', item(gold, options), false));
    expect(r.predicted).toEqual(['xx--bcdefghijklmnop']);
    expect([r.tp, r.fp, r.fn]).toEqual([0, 1, 1]);
    expect([r.precision, r.recall, r.f1]).toEqual([0, 0, 0]);
  });

  it('counts code points, not UTF-16 units, towards the 15 threshold', () => {
    // Eight emoji are 16 UTF-16 units but 8 code points; with '--' and 'ab' that is 12 < 16.
    const e = '😀'.repeat(8);
    const options = [`ab--${e}`];
    const r = scored(scoreSelectionItem(`ab--${e}!`, item(options, options), false));
    expect(r.tp).toBe(0);
    expect(r.fp).toBe(1);
  });

  it('keeps an unmapped line unchanged, so a short exact value still counts', () => {
    const options = ['a--b', 'c--d'];
    expectScores(scoreSelectionItem('a--b', item(['a--b'], options), false), 1, 1, 1);
    // The first line keeps its trailing space, so it is no longer the gold value.
    const r = scored(scoreSelectionItem('a--b \nc--d', item(['a--b'], options), false));
    expect([r.tp, r.fp, r.fn]).toEqual([0, 2, 1]);
  });

  it('turns lines without "--" into the empty marker, which is ignored', () => {
    const r = scored(scoreSelectionItem(`My picks:\n${o(1)}`, item([o(1), o(3)]), false));
    expect([r.tp, r.fp, r.fn]).toEqual([1, 0, 1]);
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
  });

  it('counts a repeated predicted value once', () => {
    const r = scored(scoreSelectionItem(`${o(1)}\n${o(1)}\n${o(2)}`, item([o(1)]), false));
    expect([r.tp, r.fp, r.fn]).toEqual([1, 1, 0]);
  });

  it('counts a gold value listed twice as two false negatives', () => {
    const r = scored(scoreSelectionItem(o(1), item([o(1), o(3), o(3)]), false));
    expect([r.tp, r.fp, r.fn]).toEqual([1, 0, 2]);
    expect(r.recall).toBeCloseTo(1 / 3, 12);
    expect(r.f1).toBeCloseTo(0.5, 12);
  });

  it('skips an answer whose lines all lack "--" (quirk: it counts nowhere)', () => {
    const r = scoreSelectionItem('I cannot decide.\nSorry.', item([o(1)]), false);
    expect(r.skipped).toBe(true);
    if (r.skipped) expect(r.reason).toBe('no value lines');
  });

  it('skips an item without gold values, whatever the output', () => {
    const r = scoreSelectionItem(o(1), item([]), false);
    expect(r.skipped).toBe(true);
    if (r.skipped) expect(r.reason).toBe('no gold values');
  });

  it('counts an empty text as P = R = F1 = 0', () => {
    const r = scored(scoreSelectionItem('  \n\u00a0', item([o(1)]), false));
    expect([r.precision, r.recall, r.f1]).toEqual([0, 0, 0]);
    expect(r.outcome).toBe('unparseable');
  });

  it('counts a reasoning output without any marker as 0 (not skipped)', () => {
    const r = scored(scoreSelectionItem(o(1), item([o(1)]), true));
    expect([r.precision, r.recall, r.f1]).toEqual([0, 0, 0]);
  });

  it('treats a U+FEFF line as a non-blank line without "--" (skipped), unlike U+00A0 (empty, counted)', () => {
    expect(scoreSelectionItem('\ufeff', item([o(1)]), false).skipped).toBe(true);
    expect(scoreSelectionItem('\u00a0', item([o(1)]), false).skipped).toBe(false);
  });

  it('ignores lines that are blank by the Python whitespace set', () => {
    const r = scored(scoreSelectionItem(`${o(1)}\n\u001c\n\u3000\n${o(3)}`, item([o(1)]), false));
    expect(r.predicted).toEqual([o(1), o(3)]);
  });

  it('flags a text of U+001C lines as only blank lines instead of skipping it', () => {
    const r = scored(scoreSelectionItem('final answer\n\u001c\n', item([o(1)]), true));
    expect(r.flag).toBe('only blank lines');
    expect(r.f1).toBe(0);
  });

  it('scores only blank lines as 0 and flags the item (the release crashes)', () => {
    // The rest after "final answer" has no digits and is kept unstripped: two blank lines.
    const r = scored(scoreSelectionItem('Final answer\n \n', item([o(1)]), true));
    expect([r.precision, r.recall, r.f1]).toEqual([0, 0, 0]);
    expect(r.flag).toBe('only blank lines');
  });

  it('scores a text of option names after "final answer" by matching each line', () => {
    const r = scored(scoreSelectionItem(`Final Answer:\n${o(1)}\n${o(3)}`, item([o(1), o(3)]), true));
    expect(r.predicted).toContain(o(1));
    expect([r.precision, r.recall, r.f1]).toEqual([1, 1, 1]);
  });

  it('scores a failed call as an error with zero scores', () => {
    const r = scored(scoreSelectionItem(null, item([o(1)]), false));
    expect(r.outcome).toBe('error');
    expect(r.f1).toBe(0);
  });
});
