import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { exampleFor, releaseFilesOf } from '../dataset/shipped-benchmark';
import { buildAttitudePrompt, buildSelectionPrompt, type PromptSetting } from '../prompts/build';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../prompts/templates';
import type { ChatMessage, ChatModel } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import {
  countGoldLabels,
  countGoldValueAttitudes,
  majorityAttitudeBaseline,
  readPromptAsk,
  uniformRandomBaseline
} from './baselines';

const bench = shippedBenchmarkFixture();
const files = releaseFilesOf(bench, 'social');
const setting = (reasoning: boolean, shots: 0 | 1 = 0): PromptSetting => ({
  reasoning,
  shots,
  systemPrompt: DEFAULT_SYSTEM_PROMPT
});
const story = files.setting1[0]!;
const attitudePrompt = (q: number, reasoning = false): ChatMessage[] => {
  const question = story.questions[q]!;
  return buildAttitudePrompt(
    { story: story.story, statement: question.value, options: question.options },
    setting(reasoning),
    DEFAULT_TEMPLATES
  );
};
const selectionItem = files.setting2[0]!;
const selectionPrompt = (reasoning = false, shots: 0 | 1 = 0): ChatMessage[] =>
  buildSelectionPrompt(
    { story: selectionItem.story, options: selectionItem.options, number: selectionItem.values.length },
    setting(reasoning, shots),
    DEFAULT_TEMPLATES,
    shots === 1 ? exampleFor(bench, selectionItem.story) : undefined
  );
const ask = async (model: ChatModel, messages: ChatMessage[]): Promise<string> =>
  (await model.complete({ messages, sampling: DEFAULT_SAMPLING })).text;

describe('uniformRandomBaseline', () => {
  it('answers task 1 with one of the item’s options, the same every time', async () => {
    const options = story.questions[0]!.options.map((o) => o.trim());
    const answer = await ask(uniformRandomBaseline(7), attitudePrompt(0));
    expect(options).toContain(answer);
    expect(await ask(uniformRandomBaseline(7), attitudePrompt(0))).toBe(answer);
  });

  it('depends on the seed and the prompt, and is spread over the options', async () => {
    const messages = attitudePrompt(0);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, seed) => ask(uniformRandomBaseline(seed), messages))
    );
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    const options = story.questions[0]!.options.map((o) => o.trim());
    expect([...counts.keys()].sort()).toEqual([...options].sort());
    for (const n of counts.values()) expect(n).toBeGreaterThan(60 / options.length / 3);
  });

  it('puts the answer after [Answer] when the prompt asks for reasoning', async () => {
    const text = await ask(uniformRandomBaseline(1), attitudePrompt(1, true));
    expect(text).toMatch(/^\[Answer\]: \S/);
    expect(story.questions[1]!.options.map((o) => o.trim())).toContain(text.slice('[Answer]: '.length));
  });

  it('answers task 2 with as many distinct values as asked, one per line, all options', async () => {
    const lines = (await ask(uniformRandomBaseline(3), selectionPrompt())).split('\n');
    expect(lines).toHaveLength(selectionItem.values.length);
    expect(new Set(lines).size).toBe(lines.length);
    for (const line of lines) expect(selectionItem.options).toContain(line);
  });

  it('chooses from the test item, not from the one-shot example shown before it', async () => {
    const text = await ask(uniformRandomBaseline(3), selectionPrompt(true, 1));
    const [marker, ...lines] = text.split('\n');
    expect(marker).toBe('[Final answer]:');
    expect(lines).toHaveLength(selectionItem.values.length);
    for (const line of lines) expect(selectionItem.options).toContain(line);
  });

  it('reports zero usage and names itself a baseline', async () => {
    const model = uniformRandomBaseline(5);
    const response = await model.complete({ messages: attitudePrompt(0), sampling: DEFAULT_SAMPLING });
    expect(response.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(model.identity).toEqual({ provider: 'baseline', model: 'uniform-random:seed=5' });
  });

  it('is cancelled by an aborted signal', async () => {
    const request = { messages: attitudePrompt(0), sampling: DEFAULT_SAMPLING, signal: AbortSignal.abort() };
    await expect(uniformRandomBaseline(1).complete(request)).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('refuses, permanently and saying why, a prompt without options', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'Tell me a story.' }];
    const refused = uniformRandomBaseline(1).complete({ messages, sampling: DEFAULT_SAMPLING });
    await expect(refused).rejects.toMatchObject({ kind: 'permanent' });
    await expect(refused).rejects.toThrow('it needs a line "Options: a, b, c"');
  });
});

describe('majorityAttitudeBaseline', () => {
  const prompt = (options: string[]): ChatMessage[] =>
    buildAttitudePrompt({ story: 'S.', statement: 'T.', options }, setting(false), DEFAULT_TEMPLATES);

  it('answers the option most often gold, whatever its case or spacing', async () => {
    const model = majorityAttitudeBaseline(
      new Map([
        ['disagree', 5],
        ['agree', 3]
      ])
    );
    expect(await ask(model, prompt([' Agree ', ' Neither ', ' Disagree ']))).toBe('Disagree');
    const agreeing = majorityAttitudeBaseline(
      new Map([
        ['disagree', 1],
        ['agree', 3]
      ])
    );
    expect(await ask(agreeing, prompt([' Agree ', ' Disagree ']))).toBe('Agree');
  });

  it('falls back to the first option when no option was ever gold', async () => {
    const model = majorityAttitudeBaseline(new Map([['agree', 3]]));
    expect(await ask(model, prompt(['Yes', 'No']))).toBe('Yes');
  });

  it('picks task 2 values whose attitude is most frequent', async () => {
    const model = majorityAttitudeBaseline(
      new Map([
        ['disagree', 9],
        ['agree', 2]
      ])
    );
    const messages = buildSelectionPrompt(
      { story: 'S.', options: ['A--agree', 'B--disagree', 'C--not often', 'D--Disagree'], number: 2 },
      setting(false),
      DEFAULT_TEMPLATES
    );
    expect(await ask(model, messages)).toBe('B--disagree\nD--Disagree');
  });

  it('counts gold labels from the dataset files', () => {
    const all = releaseFilesOf(bench, 'random');
    const labels = countGoldLabels(all.setting1);
    const total = all.setting1.reduce((n, s) => n + s.questions.length, 0);
    expect([...labels.values()].reduce((a, b) => a + b, 0)).toBe(total);
    for (const key of labels.keys()) expect(key).toBe(key.trim().toLowerCase());
    const attitudes = countGoldValueAttitudes(all.setting2);
    expect([...attitudes.values()].reduce((a, b) => a + b, 0)).toBe(
      all.setting2.reduce((n, i) => n + i.values.length, 0)
    );
  });
});

describe('readPromptAsk', () => {
  it('finds the test item’s values in a one-shot prompt and the options in a plain one', () => {
    const parsed = readPromptAsk(selectionPrompt(true, 1)[1]!.content);
    expect(parsed).toEqual({
      task: 'selection',
      values: selectionItem.options,
      number: selectionItem.values.length,
      reasoning: true
    });
    expect(readPromptAsk(attitudePrompt(0)[1]!.content)).toMatchObject({
      task: 'attitude',
      reasoning: false
    });
  });
});
