import { describe, expect, it } from 'vitest';
import {
  checkedJudgeFields,
  checkedLimits,
  checkedSampling,
  describeLimits,
  limitDefaults,
  samplesWarning
} from './settings';

const fields = { temperature: 0.8, topP: 1, maxTokens: 4096, seed: '' };

describe('run and judge settings from the forms', () => {
  it('pass valid settings through, with a seed only when one is given', () => {
    expect(checkedSampling(fields)).toEqual({ temperature: 0.8, topP: 1, maxTokens: 4096 });
    expect(checkedSampling({ ...fields, seed: ' 7 ' })).toEqual({
      temperature: 0.8,
      topP: 1,
      maxTokens: 4096,
      seed: 7
    });
    expect(checkedJudgeFields(3, 0.5)).toEqual({ samples: 3, temperature: 0.5 });
  });

  it('refuse an empty or out-of-range field with a sentence naming it', () => {
    expect(checkedSampling({ ...fields, temperature: null })).toEqual({
      error: 'Temperature must be a number from 0 to 2.'
    });
    expect(checkedSampling({ ...fields, temperature: 2.5 })).toHaveProperty('error');
    expect(checkedSampling({ ...fields, topP: 0 })).toEqual({
      error: 'Top p must be a number above 0 and at most 1.'
    });
    expect(checkedSampling({ ...fields, maxTokens: 1.5 })).toHaveProperty('error');
    expect(checkedSampling({ ...fields, seed: 'abc' })).toEqual({
      error: 'Seed must be a whole number, or empty for none.'
    });
    expect(checkedJudgeFields(null, 0)).toEqual({
      error: 'Judge samples must be a whole number from 1 to 10.'
    });
    expect(checkedJudgeFields(11, 0)).toHaveProperty('error');
    expect(checkedJudgeFields(1.5, 0)).toHaveProperty('error');
    expect(checkedJudgeFields(1, null)).toEqual({ error: 'Judge temperature must be a number from 0 to 2.' });
    expect(checkedJudgeFields(1, -0.1)).toHaveProperty('error');
  });

  it('warn only when several samples are asked at temperature 0', () => {
    expect(samplesWarning(2, 0)).toContain('temperature 0');
    expect(samplesWarning(1, 0)).toBeUndefined();
    expect(samplesWarning(2, 0.7)).toBeUndefined();
  });
});

describe('run limits from the form', () => {
  const empty = { timeoutSeconds: null, maxAttempts: null, replyCapKb: null };

  it('record only the fields given, in the runner’s units', () => {
    expect(checkedLimits(empty)).toEqual({});
    expect(checkedLimits({ timeoutSeconds: 30, maxAttempts: 2, replyCapKb: 64 })).toEqual({
      timeoutMs: 30_000,
      maxAttempts: 2,
      maxReplyBytes: 65_536
    });
    expect(describeLimits({ timeoutMs: 30_000, maxAttempts: 1, maxReplyBytes: 65_536 })).toBe(
      'timeout 30 s, 1 try, reply cap 64 KB'
    );
    expect(describeLimits(undefined)).toBe('');
  });

  it('refuse a wrong field with a sentence naming it and its range', () => {
    expect(checkedLimits({ ...empty, timeoutSeconds: 0 })).toEqual({
      error: 'Per-try timeout (s) must be a whole number from 1 to 3600.'
    });
    expect(checkedLimits({ ...empty, maxAttempts: 2.5 })).toEqual({
      error: 'Tries per item must be a whole number from 1 to 20.'
    });
    expect(checkedLimits({ ...empty, replyCapKb: -1 })).toMatchObject({ error: /^Reply cap \(KB\) must be/ });
  });

  it('show the task’s own default reply cap', () => {
    expect(limitDefaults('attitude').replyCapKb).toBe(256);
    expect(limitDefaults('extraction').replyCapKb).toBe(1024);
  });
});
