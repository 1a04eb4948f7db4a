import { describe, expect, it } from 'vitest';
import { baseUrlSchema } from './config';

describe('server URLs in provider settings', () => {
  it('are kept without trailing slashes', () => {
    expect(baseUrlSchema.parse('http://localhost:8080/v1/')).toBe('http://localhost:8080/v1');
  });

  it('refuse user info and query strings, where a key would be stored with every run', () => {
    const messages = (url: string): string[] =>
      baseUrlSchema.safeParse(url).error?.issues.map((i) => i.message) ?? [];
    expect(messages('https://user:secret@api.example.com/v1')).toEqual([
      'must not hold a user name or password (give the key in its own field)'
    ]);
    expect(messages('https://token@api.example.com/v1')).toHaveLength(1);
    expect(messages('https://api.example.com/v1?api_key=secret')).toEqual([
      'must not hold a query string (give the key in its own field)'
    ]);
    expect(messages('ftp://api.example.com')).toEqual(['must be an http:// or https:// URL']);
  });
});
