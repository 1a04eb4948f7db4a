import { describe, expect, it } from 'vitest';
import type { StoredJudging } from '$lib/storage/judgings';
import { judgeTemplateHash } from '$lib/core/extraction';
import { pendingJudgings, templateRefusal } from './judging';

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

  it('are only the one asked for when a judging runs on its own, and none when it is finished', () => {
    const all = [judging('stopped', 'stopped'), judging('new', 'paused'), judging('done', 'done')];
    expect(pendingJudgings(all, 'new').map((j) => j.id)).toEqual(['new']);
    expect(pendingJudgings(all, 'done')).toEqual([]);
  });
});

describe('a judging resumed by this version of the app', () => {
  it('is refused when its judge prompt differs from this version’s, and allowed when it is the same', async () => {
    expect(await templateRefusal(await judgeTemplateHash())).toBeUndefined();
    expect(await templateRefusal('c'.repeat(64))).toMatch(
      /another version of the judge prompt.*judge the run again/
    );
  });
});
