import { describe, expect, it } from 'vitest';
import type { AgreementFigure } from './figure';
import { cohenKappa, fleissKappa, gwetAC1, rawAgreement } from './kappa';
import { krippendorffAlpha } from './krippendorff';
import { prevalence, unitsOf, type Label } from './ratings';

/** Parses the reference's layout: one coder a line, `.` for a missing label. */
function data(text: string, asNumbers = true): (Label | undefined)[][] {
  return text
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .split(/\s+/)
        .map((cell) => (cell === '.' ? undefined : asNumbers ? Number(cell) : cell))
    );
}

function value(f: AgreementFigure): number {
  if (!f.defined) throw new Error(`expected a value, got undefined: ${f.reason}`);
  return f.value;
}

// Reference data sets and expected values from the agreement reference (krippendorff packages).
const A = data(`
  . . . . . 3 4 1 2 1 1 3 3 . 3
  1 . 2 1 3 3 4 3 . . . . . . .
  . . 2 1 3 4 4 . 2 1 1 3 3 . 4`);
const B = data(`
  1 2 3 3 2 1 4 1 2 . . .
  1 2 3 3 2 2 4 1 2 5 . 3
  . 3 3 3 2 3 4 2 2 5 1 .
  1 2 3 3 2 4 4 1 2 5 1 .`);
const STRINGS = data(
  `pos neg neu .
   pos neg neu pos
   pos neg pos pos`,
  false
);

describe("Krippendorff's alpha", () => {
  it('matches the reference values on data A', () => {
    expect(value(krippendorffAlpha(A, 'nominal'))).toBeCloseTo(0.691358, 6);
    expect(value(krippendorffAlpha(A, 'interval'))).toBeCloseTo(0.810845, 6);
  });

  it('matches the reference values on data B at every level', () => {
    expect(value(krippendorffAlpha(B, 'nominal'))).toBeCloseTo(0.743421, 6);
    expect(value(krippendorffAlpha(B, 'interval'))).toBeCloseTo(0.849107, 6);
    expect(value(krippendorffAlpha(B, 'ordinal'))).toBeCloseTo(0.815, 3);
    expect(value(krippendorffAlpha(B, 'ratio'))).toBeCloseTo(0.797, 3);
  });

  it('takes string labels at the nominal level', () => {
    expect(value(krippendorffAlpha(STRINGS))).toBeCloseTo(0.722222, 6);
    expect(() => krippendorffAlpha(STRINGS, 'interval')).toThrow(/numeric labels; got "pos"/);
  });

  it('says why when every label is the same or no unit was labelled twice', () => {
    expect(
      krippendorffAlpha([
        ['yes', 'yes'],
        ['yes', 'yes']
      ])
    ).toEqual({
      defined: false,
      reason: expect.stringMatching(/every label is the same/) as string
    });
    expect(
      krippendorffAlpha([
        ['yes', undefined],
        [undefined, 'no']
      ])
    ).toEqual({
      defined: false,
      reason: expect.stringMatching(/no item was labelled by two/) as string
    });
  });
});

/** One coder says "no" twice in 100 yes/no items, the other never: the skewed-labels case. */
const skewed = [
  Array.from({ length: 100 }, (_, i) => (i < 2 ? 'no' : 'yes')),
  Array.from({ length: 100 }, () => 'yes')
];

describe('the four statistics side by side on skewed labels', () => {
  it('keeps raw agreement and AC1 high while kappa and alpha collapse', () => {
    expect(value(rawAgreement(skewed))).toBeCloseTo(0.98, 10);
    expect(value(cohenKappa(skewed[0]!, skewed[1]!))).toBeCloseTo(0, 10);
    expect(value(krippendorffAlpha(skewed))).toBeCloseTo(-0.005, 3);
    // AC1: chance = 2 * 0.99 * 0.01 = 0.0198; (0.98 - 0.0198) / (1 - 0.0198) = 0.9602 / 0.9802.
    expect(value(gwetAC1(skewed, ['yes', 'no']))).toBeCloseTo(0.9602 / 0.9802, 10);
    expect(prevalence(unitsOf(skewed)).get('no')).toBeCloseTo(0.01, 10);
  });
});

describe("Cohen's kappa", () => {
  it('matches a hand-worked 2x2 table', () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5, κ = 0.4.
    const times = (label: Label, n: number): Label[] => Array.from({ length: n }, () => label);
    const a = [...times('yes', 25), ...times('no', 25)];
    const b = [...times('yes', 20), ...times('no', 5), ...times('yes', 10), ...times('no', 15)];
    expect(value(cohenKappa(a, b))).toBeCloseTo(0.4, 10);
  });

  it('uses only the units both coders labelled', () => {
    expect(value(cohenKappa(['yes', 'no', undefined], ['yes', 'no', 'no']))).toBeCloseTo(1, 10);
  });

  it('is undefined, with the reason, when both coders gave one and the same label throughout', () => {
    const f = cohenKappa(['yes', 'yes'], ['yes', 'yes']);
    expect(f.defined).toBe(false);
    expect(f.defined ? '' : f.reason).toMatch(/every label is the same/);
  });
});

describe("Fleiss' kappa and AC1 for several coders", () => {
  it('matches a hand-worked three-coder case', () => {
    // Units: (y,y,y), (y,y,n), (n,n,n), (y,n,n). Per-unit agreement 1, 1/3, 1, 1/3: mean 2/3.
    // Pooled shares: yes 6/12, no 6/12: chance 0.5. κ = (2/3 - 1/2) / (1/2) = 1/3.
    const ratings = [
      ['y', 'y', 'n', 'y'],
      ['y', 'y', 'n', 'n'],
      ['y', 'n', 'n', 'n']
    ];
    expect(value(rawAgreement(ratings))).toBeCloseTo(2 / 3, 10);
    expect(value(fleissKappa(ratings))).toBeCloseTo(1 / 3, 10);
    // AC1 chance: π_y = π_n = 0.5 → 0.5 / (2 - 1) = 0.5: the same as κ here.
    expect(value(gwetAC1(ratings, ['y', 'n']))).toBeCloseTo(1 / 3, 10);
  });

  it('refuses a label outside the categories instead of miscounting', () => {
    expect(() => gwetAC1([['y'], ['maybe']], ['y', 'n'])).toThrow(/"maybe" is not among the categories/);
  });

  it('refuses rows of different lengths, naming the coder', () => {
    expect(() => fleissKappa([['y', 'n'], ['y']])).toThrow(/coder 2 has 1 units where coder 1 has 2/);
  });
});
