import { describe, expect, it } from 'vitest';
import { FormatError } from './format-error';
import { STORAGE_FULL, UserError, userMessage } from './user-message';
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

  it('says what is full and what to delete when the browser’s storage is, however the error is wrapped', () => {
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(userMessage(full)).toBe(STORAGE_FULL);
    expect(STORAGE_FULL).toContain('delete runs you no longer need on the Runs page');
    // As Dexie reports a transaction the browser aborted for want of space.
    const aborted = Object.assign(new Error(`QuotaExceededError ${full.message}`), {
      name: 'AbortError',
      inner: full
    });
    expect(userMessage(aborted)).toBe(STORAGE_FULL);
    const bulk = Object.assign(new Error('1 of 2 operations failed'), {
      name: 'BulkError',
      failures: [full]
    });
    expect(userMessage(bulk)).toBe(STORAGE_FULL);
    expect(userMessage(new Error('could not save', { cause: full }))).toBe(STORAGE_FULL);
    expect(userMessage(Object.assign(new Error('other'), { name: 'AbortError', inner: null }))).toBe(
      'Unexpected error: other'
    );
  });
});
