import { describe, expect, it } from 'vitest';
import { withParams } from './query-string';

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
