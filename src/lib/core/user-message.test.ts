import { describe, expect, it } from 'vitest';
import { FormatError } from './format-error';
import { userMessage } from './user-message';
import { ModelError } from './ports';

describe('userMessage', () => {
  it('shows model and format errors as written, anything else as unexpected', () => {
    expect(userMessage(new ModelError('permanent', 'Groq needs an API key: enter one'))).toBe(
      'Groq needs an API key: enter one'
    );
    expect(userMessage(new FormatError('a.json', 'item 2', 'bad'))).toBe(
      'Could not read a.json: item 2: bad'
    );
    expect(userMessage(new TypeError('x is undefined'))).toBe('Unexpected error: x is undefined');
  });
});
