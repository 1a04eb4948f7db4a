import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import {
  confusionOf,
  f1Histogram,
  filterItems,
  itemFilterQuery,
  itemPage,
  itemPlace,
  readItemFilter
} from './item-table';
import { scoreRun } from './score';
import { configFor, DATASET, results, runInput, V } from './testing';

const CATEGORIES = ['social', 'ethical'];

// social 0/0 correct, 0/1 wrong, 1/0 unparseable (an empty reply), 1/1 no response; ethical
// 0/0 wrong, 0/1 correct.
async function attitudeRun() {
  const keys = planKeys(DATASET, 'attitude');
  const outputs = ['agree', 'agree', '', null, 'agree', 'agree'];
  const scored = scoreRun(runInput('r', await configFor('attitude'), results(keys, outputs)));
  if (scored.task !== 'attitude') throw new Error('scored as another task');
  return scored;
}

describe('the filter in the address', () => {
  it('reads category, outcome and page, and ignores values the run does not have', () => {
    expect(readItemFilter(new URLSearchParams('category=ethical&outcome=wrong&page=3'), CATEGORIES)).toEqual({
      category: 'ethical',
      outcome: 'wrong',
      page: 3
    });
    expect(readItemFilter(new URLSearchParams('category=nope&outcome=odd&page=-2'), CATEGORIES)).toEqual({
      category: null,
      outcome: 'all',
      page: 1
    });
  });

  it('writes back only what differs from the plain page', () => {
    expect(itemFilterQuery({ category: null, outcome: 'all', page: 1 })).toBe('');
    expect(itemFilterQuery({ category: 'social', outcome: 'unparseable', page: 2 })).toBe(
      'category=social&outcome=unparseable&page=2'
    );
  });
});

describe('the item table', () => {
  it('shows the wrong or unparseable items of a category only, with their gold answers', async () => {
    const scored = await attitudeRun();
    const wrong = filterItems(scored.items, { category: 'social', outcome: 'wrong', page: 1 });
    expect(wrong.map((i) => [i.key, i.gold, i.mapped])).toEqual([['social/0/1', 'disagree', 'agree']]);
    const unparseable = filterItems(scored.items, { category: null, outcome: 'unparseable', page: 1 });
    expect(unparseable.map((i) => i.key)).toEqual(['social/1/0']);
    expect(filterItems(scored.items, { category: 'ethical', outcome: 'all', page: 1 })).toHaveLength(2);
  });

  it('pages 100 rows at a time and clamps a page past the end', async () => {
    const scored = await attitudeRun();
    const many = Array.from({ length: 250 }, (_, i) => ({ ...scored.items[0]!, key: `k${i}` }));
    const filter = { category: null, outcome: 'all' as const, page: 3 };
    const third = itemPage(many, filter);
    expect([third.page, third.pages, third.first, third.items.length, third.total]).toEqual([
      3, 3, 201, 50, 250
    ]);
    expect(itemPage(many, { ...filter, page: 9 }).page).toBe(3);
  });

  it('numbers stories and questions from 1, as people count', () => {
    expect(itemPlace({ category: 'social', story: 0, question: 1 })).toBe('social story 1, question 2');
    expect(itemPlace({ category: 'ethical', story: 4 })).toBe('ethical story 5');
  });
});

describe('the charts of what is shown', () => {
  it('counts gold against predicted attitudes with the labels present only, as the summary does', async () => {
    const scored = await attitudeRun();
    expect(confusionOf(scored.items)).toEqual(scored.summary.confusion);
    expect(confusionOf(scored.items.filter((i) => i.category === 'ethical'))).toEqual({
      disagree: { agree: 1 },
      agree: { agree: 1 }
    });
  });

  it('spreads per-story F1 over tenths as the summary does', async () => {
    const keys = ['social/0', 'social/1', 'ethical/0'];
    // Half the gold values of social/0 (F1 0.667), all of social/1, none of ethical/0.
    const outputs = [V.family, V.church, V.family];
    const scored = scoreRun(runInput('r', await configFor('selection'), results(keys, outputs)));
    expect(scored.task).toBe('selection');
    if (scored.task !== 'selection') return;
    expect(f1Histogram(scored.items)).toEqual(scored.summary.itemF1.histogram);
    expect(f1Histogram(scored.items)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
    expect(scored.items.map((i) => i.gold)).toEqual([`${V.family}\n${V.elders}`, V.church, V.money]);
  });
});
