import { describe, expect, it } from 'vitest';
import { configFor, DATASET, results, V } from '../analysis/testing';
import { planKeys, type RunDataset } from '../dataset/run-dataset';
import type { Task } from '../schema/run';
import { harderSplitKeys, harderSplitProvenance } from './harder-split';
import { readerStoriesOf } from './reader-stories';
import { difficultyReport, type Reader } from './report';

// The fixture's stories: social/0 (agree, disagree), social/1 (agree, agree), ethical/0
// (disagree, agree); task 1 options ' agree ', ' disagree '.
const STORIES = [{ key: 'social/0' }, { key: 'social/1' }, { key: 'ethical/0' }];
const RIGHT = ['agree', 'disagree', 'agree', 'agree', 'disagree', 'agree'];
const WRONG = ['disagree', 'agree', 'disagree', 'disagree', 'agree', 'disagree'];

async function reader(
  id: string,
  task: Task,
  outputs: readonly (string | null | undefined)[],
  dataset: RunDataset = DATASET
): Promise<Reader> {
  const config = await configFor(task, { model: { provider: 'openai', model: `model-${id}` } }, dataset);
  const stories = readerStoriesOf({ config, dataset, results: results(planKeys(dataset, task), outputs) });
  return { id, model: config.model.model, task: task as Reader['task'], stories };
}

describe('difficulty by reader runs', () => {
  it('flags every story too explicit when the one reader solves all of them', async () => {
    const report = difficultyReport(STORIES, [await reader('a', 'attitude', RIGHT)]);
    expect(report.stories.map((s) => [s.key, s.solveRate, s.flag, s.readers])).toEqual([
      ['social/0', 1, 'too-explicit', 1],
      ['social/1', 1, 'too-explicit', 1],
      ['ethical/0', 1, 'too-explicit', 1]
    ]);
    expect(report.flagged).toEqual({ 'too-explicit': 3, unsolved: 0 });
    expect(report.histogram).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('flags every story unsolved when no reader gets any statement right', async () => {
    const report = difficultyReport(STORIES, [
      await reader('a', 'attitude', WRONG),
      await reader('b', 'selection', [V.church, V.family, V.elders])
    ]);
    expect(report.stories.map((s) => s.flag)).toEqual(['unsolved', 'unsolved', 'unsolved']);
    expect(report.stories.every((s) => s.readers === 2 && s.solveRate === 0)).toBe(true);
    expect(report.histogram[0]).toBe(3);
  });

  it('reads task 1 strictly: an answer that only contains the gold option is not right', async () => {
    const outputs = ['I agree', ...RIGHT.slice(1)];
    const [first] = difficultyReport(STORIES, [await reader('a', 'attitude', outputs)]).stories;
    expect(first).toMatchObject({ key: 'social/0', attitude: 0.5, solveRate: 0.5 });
    expect(first?.flag).toBeUndefined();
  });

  it('does not count failed or unreached items as wrong: they are not answered', async () => {
    // social/0: one right, one failed; social/1: both failed; ethical/0: never reached.
    const report = difficultyReport(STORIES, [
      await reader('a', 'attitude', ['agree', null, null, null, undefined, undefined])
    ]);
    const [s0, s1, e0] = report.stories;
    expect(s0).toMatchObject({ solveRate: 1, flag: 'too-explicit', readers: 1 });
    expect(s0?.readings[0]).toMatchObject({ items: 2, answered: 1, solve: 1 });
    expect(s1).toMatchObject({ solveRate: null, readers: 0 });
    expect(s1?.flag).toBeUndefined();
    expect(e0).toMatchObject({ solveRate: null, readers: 0 });
    expect(report).toMatchObject({ measured: 1, notAnswered: 2 });
    expect(report.readers).toEqual([{ id: 'a', model: 'model-a', task: 'attitude', asked: 3, answered: 1 }]);
  });

  it('scores value selection with the release scorer: F1 per story', async () => {
    // social/0: {family, money} vs {family, elders}: P = R = 1/2; social/1 right; ethical/0 failed.
    const report = difficultyReport(STORIES, [
      await reader('s', 'selection', [`${V.family}\n${V.money}`, V.church, null])
    ]);
    expect(report.stories.map((s) => s.selection)).toEqual([0.5, 1, null]);
    expect(report.stories.map((s) => s.attitude)).toEqual([null, null, null]);
    expect(report.stories[1]?.flag).toBe('too-explicit');
  });

  it('flags a story only when every reader that answered it agrees, and says how many did', async () => {
    const report = difficultyReport(STORIES, [
      await reader('a', 'attitude', RIGHT),
      await reader('s', 'selection', [`${V.family}\n${V.elders}`, V.family, null])
    ]);
    const [s0, s1, e0] = report.stories;
    expect(s0).toMatchObject({ readers: 2, attitude: 1, selection: 1, solveRate: 1, flag: 'too-explicit' });
    expect(s1).toMatchObject({ readers: 2, attitude: 1, selection: 0, solveRate: 0.5 });
    expect(s1?.flag).toBeUndefined();
    // The selection run failed on ethical/0: the flag rests on the attitude run alone.
    expect(e0).toMatchObject({ readers: 1, solveRate: 1, flag: 'too-explicit' });
  });

  it('needs at least one reader run, and refuses a value-extraction run as a reader', async () => {
    expect(() => difficultyReport(STORIES, [])).toThrow(/at least one reader run/);
    const config = await configFor('extraction');
    expect(() => readerStoriesOf({ config, dataset: DATASET, results: [] })).toThrow(/cannot be a reader/);
  });

  it('makes a harder split of the unflagged stories, and names its source, readers and rule', async () => {
    // social/0 solved, social/1 half, ethical/0 missed entirely.
    const report = difficultyReport(STORIES, [
      await reader('a', 'attitude', ['agree', 'disagree', 'agree', 'disagree', 'agree', 'disagree'])
    ]);
    expect(report.stories.map((s) => s.flag)).toEqual(['too-explicit', undefined, 'unsolved']);
    expect([...harderSplitKeys(report, { dropUnsolved: false })]).toEqual(['social/1', 'ethical/0']);
    expect([...harderSplitKeys(report, { dropUnsolved: true })]).toEqual(['social/1']);
    const provenance = harderSplitProvenance({ id: '7', name: 'Mine' }, report, { dropUnsolved: true }, 1);
    expect(provenance).toContain('"Mine" (dataset 7): 1 of 3 stories');
    expect(provenance).toContain('too explicit or unsolved left out');
    expect(provenance).toContain('model-a (attitude, run a)');
  });
});
