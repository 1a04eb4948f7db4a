import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from './testing';
import { filterStories, UNFLAGGED, viewOfShipped, type StoryFilter } from './view';

const none: StoryFilter = { category: '', scene: '', statement: '', search: '', flag: '' };

describe('the statement filter', () => {
  const view = viewOfShipped(shippedBenchmarkFixture());
  const all = filterStories(view, none);

  it('keeps the stories with a statement containing the typed text, in any case', () => {
    const whole = filterStories(view, { ...none, statement: 'Euthanasia is ethical.' });
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.length).toBeLessThan(all.length);
    for (const s of whole) expect(s.statements).toContain('Euthanasia is ethical.');
    // Part of it, typed in another case and with spaces around, finds at least those stories.
    const part = filterStories(view, { ...none, statement: '  EUTHANASIA ' });
    expect(part.map((s) => s.key)).toEqual(expect.arrayContaining(whole.map((s) => s.key)));
    for (const s of part) expect(s.statements.some((t) => t.toLowerCase().includes('euthanasia'))).toBe(true);
  });

  it('keeps none for a statement no story has, and all when empty', () => {
    expect(filterStories(view, { ...none, statement: 'no story says this' })).toEqual([]);
    expect(filterStories(view, { ...none, statement: ' ' })).toHaveLength(all.length);
  });
});

describe('the difficulty flag filter', () => {
  const view = viewOfShipped(shippedBenchmarkFixture());
  const all = filterStories(view, none);
  const [first, second] = all;
  const flags = new Map([
    [first!.key, 'too-explicit'],
    [second!.key, 'unsolved']
  ]);
  const flagOf = (key: string): string | undefined => flags.get(key);

  it('keeps the stories with that flag, or those with none', () => {
    expect(filterStories(view, { ...none, flag: 'too-explicit' }, flagOf).map((s) => s.key)).toEqual([
      first!.key
    ]);
    expect(filterStories(view, { ...none, flag: 'unsolved' }, flagOf).map((s) => s.key)).toEqual([
      second!.key
    ]);
    expect(filterStories(view, { ...none, flag: UNFLAGGED }, flagOf)).toHaveLength(all.length - 2);
  });

  it('is left out until the flags are known', () => {
    expect(filterStories(view, { ...none, flag: 'too-explicit' })).toHaveLength(all.length);
  });
});
