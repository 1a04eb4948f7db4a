import { describe, expect, it } from 'vitest';
import { scoringJudging } from './scoring-judging';

const judgings = [
  { id: 'first', done: false },
  { id: 'second', done: true },
  { id: 'third', done: true }
];
const done = (j: { done: boolean }): boolean => j.done;

describe('scoringJudging', () => {
  it('keeps the first complete judging when a later one is added', () => {
    expect(scoringJudging(judgings, done)?.id).toBe('second');
  });
  it('uses the judging the user chose, complete or not', () => {
    expect(scoringJudging(judgings, done, 'third')?.id).toBe('third');
    expect(scoringJudging(judgings, done, 'first')?.id).toBe('first');
  });
  it('falls back to the first judging when none is complete, and to none when there is none', () => {
    expect(scoringJudging([{ id: 'a', done: false }], done)?.id).toBe('a');
    const none: { id: string; done: boolean }[] = [];
    expect(scoringJudging(none, done)).toBeUndefined();
  });
  it('ignores a chosen id that is no longer there', () => {
    expect(scoringJudging(judgings, done, 'deleted')?.id).toBe('second');
  });
});
