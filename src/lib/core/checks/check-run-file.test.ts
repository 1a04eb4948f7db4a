import { describe, expect, it } from 'vitest';
import { checkRunFileText, readCheckRunText, type CheckRunContent } from './check-run-file';
import { checkRunConfigFixture } from './testing';

const config = checkRunConfigFixture({ samples: 1, model: { provider: 'openai', model: 'checker-1' } });

const run: CheckRunContent = {
  id: 'run-1',
  config,
  results: [
    {
      itemKey: 'social/0/incorporation/0',
      output: 'Value 1: yes',
      latencyMs: 12,
      attempts: 1,
      finishedAt: '2026-12-06T02:01:00.000Z'
    },
    {
      itemKey: 'social/0/consistency/0',
      output: null,
      error: 'HTTP 500',
      latencyMs: 3,
      attempts: 3,
      finishedAt: '2026-12-06T02:01:01.000Z'
    }
  ]
};

describe('check run files', () => {
  it('a run written as a file reads back the same, header first and a line per reply', () => {
    const text = checkRunFileText(run);
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(readCheckRunText('checks.jsonl', text)).toEqual(run);
  });

  it('refuses to write a reply the file format would not read back', () => {
    expect(() => checkRunFileText({ ...run, results: [{ ...run.results[0]!, latencyMs: -1 }] })).toThrow();
  });
});
