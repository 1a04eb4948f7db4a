import { describe, expect, it } from 'vitest';
import { figure, ONE_LABEL, undefinedFigure } from '$lib/core/agreement/figure';
import { figureText, reasonNotes } from './figure-notes';

describe('reasons of undefined figures, as notes under a table', () => {
  const noPairs = undefinedFigure('no item has two labels');
  const oneLabel = undefinedFigure(ONE_LABEL);

  it('numbers each distinct reason once, in order of first appearance', () => {
    expect(reasonNotes([figure(0.5), oneLabel, undefined, noPairs, oneLabel])).toEqual([
      ONE_LABEL,
      'no item has two labels'
    ]);
  });

  it('marks an undefined figure with its note number and shows a defined one to three decimals', () => {
    const notes = reasonNotes([oneLabel, noPairs]);
    expect(figureText(noPairs, notes)).toBe('undefined (2)');
    expect(figureText(figure(0.8125), notes)).toBe('0.813');
    // A reason missing from the notes is written out rather than lost.
    expect(figureText(undefinedFigure('too few stories'), notes)).toBe('undefined (too few stories)');
  });
});
