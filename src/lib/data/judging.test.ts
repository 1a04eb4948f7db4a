import { describe, expect, it } from 'vitest';
import type { StoredJudging } from '$lib/storage/judgings';
import { pendingJudgings } from './judging';

const judging = (id: string, status: StoredJudging['status']): StoredJudging => ({
  id,
  runId: 'run',
  config: {
    runId: 'run',
    judge: { provider: 'openai', model: 'judge', baseUrl: 'http://127.0.0.1:2/v1' },
    sampling: { temperature: 0, topP: 1, maxTokens: 2048 },
    samples: 1,
    templateHash: 'c'.repeat(64),
    environment: { appVersion: '0.1.0' },
    createdAt: '2026-11-27T11:00:00.000Z'
  },
  status,
  total: 0,
  createdAt: '2026-11-27T11:00:00.000Z',
  updatedAt: '2026-11-27T11:00:00.000Z'
});

describe('judgings a resumed run still has to do', () => {
  it('are those waiting, interrupted, paused or stopped, in order; never finished or cancelled ones', () => {
    const all = [
      judging('done', 'done'),
      judging('waiting', 'paused'),
      judging('cancelled', 'cancelled'),
      judging('interrupted', 'running'),
      judging('refused', 'stopped')
    ];
    expect(pendingJudgings(all).map((j) => j.id)).toEqual(['waiting', 'interrupted', 'refused']);
  });
});
