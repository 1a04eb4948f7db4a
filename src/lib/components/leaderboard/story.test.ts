import { describe, expect, it } from 'vitest';
import { pageOf } from './story';

describe('pageOf', () => {
  const list = Array.from({ length: 120 }, (_, i) => i);

  it('cuts a list into pages of the given size', () => {
    expect(pageOf(list, 1, 50)).toMatchObject({ page: 1, pages: 3 });
    expect(pageOf(list, 3, 50).items).toEqual(list.slice(100));
  });

  it('clamps a page out of range or not a whole number into range', () => {
    expect(pageOf(list, 9, 50).page).toBe(3);
    expect(pageOf(list, 0, 50).page).toBe(1);
    expect(pageOf(list, Number('x'), 50).page).toBe(1);
    expect(pageOf([], 2, 50)).toEqual({ items: [], page: 1, pages: 1 });
  });
});
