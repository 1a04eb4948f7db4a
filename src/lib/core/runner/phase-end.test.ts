import { describe, expect, it } from 'vitest';
import type { RunOutcome, RunProgress } from './runner';
import { endOf } from './phase-end';

const progress: RunProgress = {
  total: 2,
  done: 1,
  resumed: 0,
  resumedFailed: 0,
  answered: 1,
  failed: 0,
  inFlight: 0,
  retries: 0,
  lastFailure: null,
  promptTokens: 0,
  completionTokens: 0,
  prefillSavedChars: 0,
  cachedPromptTokens: 0,
  elapsedMs: 1,
  itemsPerSecond: 1,
  etaMs: null
};
const held = {
  itemKey: 'social/0',
  output: 'x',
  latencyMs: 1,
  attempts: 1,
  finishedAt: '2026-11-27T12:00:00.000Z'
};

describe('how a phase of calls ends', () => {
  it('is done when every item is stored, paused or cancelled by the user’s choice', () => {
    expect(endOf({ status: 'completed', progress, unsaved: [] }, false)).toEqual({ status: 'done' });
    const aborted: RunOutcome = { status: 'cancelled', progress, unsaved: [] };
    expect(endOf(aborted, true).status).toBe('paused');
    expect(endOf(aborted, false).status).toBe('cancelled');
  });

  it('pauses when storage is full, saying how many answers the tab holds', () => {
    const end = endOf(
      {
        status: 'stopped',
        stopped: { reason: 'storage', message: 'QuotaExceededError' },
        progress,
        unsaved: [held]
      },
      false
    );
    expect(end.status).toBe('paused');
    expect(end.storageFull).toBe(true);
    expect(end.message).toContain('1 answers are held in this tab');
    expect(end.message).toContain('QuotaExceededError');
  });

  it('stops with the model’s own message when it refuses for good', () => {
    const end = endOf(
      {
        status: 'stopped',
        stopped: { reason: 'permanent', message: 'the API key was refused' },
        progress,
        unsaved: []
      },
      true
    );
    expect(end).toEqual({ status: 'stopped', message: 'the API key was refused' });
  });
});
