import { describe, expect, it } from 'vitest';
import { locateQuote } from './locate-quote';

const story = `**Title:** The Bake Sale

**Mara:** "We could skip the church raffle this year," she said, folding the flyer twice.
**Tomas:** “Skip it? Grandmother ran that raffle for thirty years.”
**Mara:** "Then we go, but I'm not buying tickets."`;

describe('locateQuote', () => {
  it('finds an exact quote and gives offsets into the story text', () => {
    const found = locateQuote(story, 'Grandmother ran that raffle for thirty years.');
    expect(found?.how).toBe('exact');
    expect(story.slice(found!.start, found!.end)).toBe('Grandmother ran that raffle for thirty years.');
  });

  it('ignores other quote marks, letter case and spacing, mapping back to the original text', () => {
    const found = locateQuote(story, '"skip it?   grandmother ran that raffle"');
    expect(found?.how).toBe('normalized');
    expect(story.slice(found!.start, found!.end)).toBe('Skip it? Grandmother ran that raffle');
  });

  it('falls back to the longest common substring when most of the quote is there', () => {
    const found = locateQuote(story, 'We could skip the church raffle this year, honestly');
    expect(found?.how).toBe('longest-common-substring');
    expect(story.slice(found!.start, found!.end)).toBe('We could skip the church raffle this year,');
  });

  it('reports an invented quote as not found instead of pinning it on the nearest line', () => {
    expect(locateQuote(story, 'Charity matters more than tradition to me.')).toBeUndefined();
    expect(locateQuote(story, '""')).toBeUndefined();
  });
});
