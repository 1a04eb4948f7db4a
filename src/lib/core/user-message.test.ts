import { describe, expect, it } from 'vitest';
import { FormatError } from './format-error';
import { UserError, userMessage } from './user-message';
import { ModelError } from './ports';
import { samplingSchema } from './schema/run';

describe('userMessage, the one sentence for any error', () => {
  it('shows model and format errors as written, anything else as unexpected', () => {
    expect(userMessage(new ModelError('permanent', 'Groq needs an API key: enter one'))).toBe(
      'Groq needs an API key: enter one'
    );
    expect(userMessage(new FormatError('a.json', 'item 2', 'bad'))).toBe(
      'Could not read a.json: item 2: bad'
    );
    expect(userMessage(new TypeError('x is undefined'))).toBe('Unexpected error: x is undefined');
    expect(userMessage('odd')).toBe('Unexpected error: odd');
  });

  it('shows a deliberate refusal as written, never as unexpected', () => {
    expect(userMessage(new UserError('the run’s own calls are not finished: resume the run first'))).toBe(
      'the run’s own calls are not finished: resume the run first'
    );
  });

  it('describes a refused setting by its field, not as a dump of the schema’s report', () => {
    const parsed = samplingSchema.safeParse({ temperature: 5, topP: 1, maxTokens: 1 });
    expect(parsed.success).toBe(false);
    const message = userMessage(parsed.error);
    expect(message).toMatch(/^A setting was refused \(field "temperature"\): /);
    expect(message).not.toContain('[');
  });

  it('says what is full when the browser’s storage is', () => {
    expect(userMessage(new DOMException('quota', 'QuotaExceededError'))).toContain('no storage left');
  });
});
