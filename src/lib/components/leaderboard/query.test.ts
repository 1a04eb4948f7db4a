import { describe, expect, it } from 'vitest';
import { withParams } from './query';
import { pageOf } from './story';

describe('withParams', () => {
  it('changes, adds and removes parameters and keeps the others in order', () => {
    const current = new URLSearchParams('run=r1&category=social&page=3');
    expect(withParams(current, { page: null })).toBe('run=r1&category=social');
    expect(withParams(current, { category: 'ethical', page: null })).toBe('run=r1&category=ethical');
    expect(withParams(current, { outcome: 'wrong' })).toBe('run=r1&category=social&page=3&outcome=wrong');
    expect(current.toString()).toBe('run=r1&category=social&page=3');
  });

  it('escapes values', () => {
    expect(withParams(new URLSearchParams(), { bundle: 'a b&c.json' })).toBe('bundle=a+b%26c.json');
  });
});

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
