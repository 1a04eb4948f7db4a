import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { extractionGold } from '../extraction';
import { DEFAULT_TEMPLATES } from '../prompts/templates';
import { configFor, DATASET, judgeReply, results } from '../analysis/testing';
import { judgingKind } from './judging';
import { taskRunKind } from './task-run';

describe('the task-run kind', () => {
  it('plans the items the run file and the app store under, and scores the stored answers', async () => {
    const config = await configFor('attitude');
    const items = taskRunKind.plan({ config, dataset: DATASET, templates: DEFAULT_TEMPLATES });
    const keys = items.map((i) => i.key);
    expect(keys).toEqual(planKeys(DATASET, 'attitude'));
    expect(keys).toHaveLength(6);
    // Gold: agree, disagree, agree, agree, disagree, agree; four of six right, one missing.
    const stored = results(keys, ['agree', 'disagree', 'disagree', 'agree', 'disagree', undefined]);
    const scored = taskRunKind.summarise({ config, dataset: DATASET, templates: DEFAULT_TEMPLATES }, stored);
    expect(scored.task).toBe('attitude');
    if (scored.task !== 'attitude') return;
    expect(scored.summary.accuracy).toBeCloseTo(4 / 6, 10);
  });
});

describe('the judging kind', () => {
  const gold = extractionGold(DATASET);
  const keys = gold.map((g) => g.key);
  const runResults = results(keys, ['[Final answer]: family', 'no heading', '[Final answer]: money']);

  it('plans one checked judge call per sample of each story that has a prediction', () => {
    const items = judgingKind.plan({ gold, runResults, samples: 2 });
    expect(items).toHaveLength(4);
    expect(new Set(items.map((i) => i.key.split('#')[0])).size).toBe(2);
    // The check refuses an unreadable verdict, so the engine asks it again.
    expect(items[0]!.check?.('no verdict here')).toBeDefined();
    expect(items[0]!.check?.(judgeReply([1, 0]))).toBeUndefined();
  });

  it('summarises the verdicts into the run’s judge score', () => {
    const items = judgingKind.plan({ gold, runResults, samples: 1 });
    const replies = [judgeReply([1, 0.5]), judgeReply([1])];
    const judged = results(
      items.map((i) => i.key),
      replies
    );
    const summary = judgingKind.summarise({ gold, runResults, samples: 1 }, judged);
    expect(summary.judged).toBe(3);
    // Per gold value: 1 and 0.5 (story 0), 0 for the story without a prediction, 1 (story 2).
    expect(summary.score).toBeCloseTo((1 + 0.5 + 0 + 1) / 4, 10);
  });
});
