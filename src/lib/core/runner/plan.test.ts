import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { exampleFor } from '../dataset/shipped-benchmark';
import type { ChatMessage } from '../ports';
import type { PromptSetting } from '../prompts/build';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../prompts/templates';
import type { Setting1Story, Setting2Item } from '../schema/release';
import { planRun, sharedPrefixLength } from './plan';
import type { PlanCategory } from '../schema/task-items';

const plain: PromptSetting = { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT };
const options = [' agree ', ' neither agree or disagree ', ' disagree'];

const stories: Setting1Story[] = [
  {
    story: 'Scene one: Ana pays for her mother to live with her.',
    questions: [
      { value: 'Children should care for parents', options, 'gold label': 'agree' },
      { value: 'Work is a duty towards society', options, 'gold label': 'disagree' }
    ]
  },
  {
    story: 'Market day: Bo and Cy argue.',
    questions: [
      { value: 'Haggling is rude', options, 'gold label': 'agree', name: 'Bo' },
      { value: 'Haggling is rude', options, 'gold label': 'disagree', name: 'Cy' },
      { value: 'Markets should close on Sundays', options, 'gold label': 'disagree', name: 'Bo' }
    ]
  }
];
const selection: Setting2Item[] = [
  {
    story: 'Scene three.',
    options: ['A--agree', 'B--disagree', 'C--agree'],
    values: ['A--agree', 'C--agree']
  },
  { story: 'Scene four.', options: ['D--agree', 'E--disagree'], values: ['E--disagree'] }
];

const userText = (messages: { role: string; content: string }[]): string =>
  messages.find((m) => m.role === 'user')?.content ?? '';

describe('planRun', () => {
  it('keeps a story’s questions together, stories in file order, categories in the given order', () => {
    const items = planRun({
      categories: [
        { task: 'attitude', category: 'multiple', stories },
        { task: 'selection', category: 'social', items: selection }
      ],
      setting: plain,
      templates: DEFAULT_TEMPLATES
    });
    expect(items.map((i) => i.key)).toEqual([
      'multiple/0/0',
      'multiple/0/1',
      'multiple/1/0',
      'multiple/1/1',
      'multiple/1/2',
      'social/0',
      'social/1'
    ]);
    expect(items[3]).toMatchObject({ category: 'multiple', story: 1, question: 1 });
    expect(items[5]).not.toHaveProperty('question');
  });

  it('builds each prompt from its own question: statement, options, and whose attitude', () => {
    const items = planRun({
      categories: [{ task: 'attitude', category: 'multiple', stories }],
      setting: plain,
      templates: DEFAULT_TEMPLATES
    });
    const cy = userText(items[3]!.messages);
    expect(cy).toContain('Market day: Bo and Cy argue.');
    expect(cy).toContain('Statement: Haggling is rude');
    expect(cy).toContain('Options: agree, neither agree or disagree, disagree');
    expect(cy).toContain('does Cy hold?');
    expect(userText(items[0]!.messages)).toContain('does the characters in the scene hold?');
  });

  it('asks task 2 for as many values as the item has gold values', () => {
    const items = planRun({
      categories: [{ task: 'selection', category: 'social', items: selection }],
      setting: plain,
      templates: DEFAULT_TEMPLATES
    });
    expect(userText(items[0]!.messages)).toContain('Exactly 2 of them');
    expect(userText(items[0]!.messages)).toContain('A--agree\nB--disagree\nC--agree');
    expect(userText(items[1]!.messages)).toContain('Exactly 1 of them');
  });

  it('is deterministic', () => {
    const input = {
      categories: [{ task: 'attitude', category: 'x', stories }] satisfies PlanCategory[],
      setting: plain,
      templates: DEFAULT_TEMPLATES
    };
    expect(planRun(input)).toEqual(planRun(input));
  });

  it('refuses a category listed twice, whose keys would collide and be skipped on resume', () => {
    expect(() =>
      planRun({
        categories: [
          { task: 'selection', category: 'social', items: selection },
          { task: 'selection', category: 'social', items: selection }
        ],
        setting: plain,
        templates: DEFAULT_TEMPLATES
      })
    ).toThrow('listed twice');
  });

  describe('one-shot', () => {
    const bench = shippedBenchmarkFixture();
    const shipped: Setting1Story[] = bench.stories.random.slice(0, 4).map((s) => ({
      story: s.text,
      questions: [{ value: s.values[0]!.statement, options, 'gold label': s.values[0]!.attitude }]
    }));
    const oneShot: PromptSetting = { ...plain, shots: 1 };

    it('never shows a story solved as its own example when the example is chosen per story', () => {
      const items = planRun({
        categories: [{ task: 'attitude', category: 'random', stories: shipped }],
        setting: oneShot,
        templates: DEFAULT_TEMPLATES,
        example: (story) => exampleFor(bench, story)
      });
      expect(items).toHaveLength(4);
      for (const [i, item] of items.entries()) {
        const text = userText(item.messages);
        expect(text).toContain('Here is a worked example.');
        // The test story appears exactly once: it is not also the example.
        expect(text.split(shipped[i]!.story).length - 1).toBe(1);
      }
    });

    it('refuses one fixed example that is also a test story', () => {
      const fixed = exampleFor(bench, 'not a shipped story');
      const test = shipped.find((s) => s.story === fixed.attitude.story);
      expect(test).toBeDefined();
      expect(() =>
        planRun({
          categories: [{ task: 'attitude', category: 'random', stories: shipped }],
          setting: oneShot,
          templates: DEFAULT_TEMPLATES,
          example: fixed
        })
      ).toThrow('the one-shot example is this very story');
    });
  });
});

describe('sharedPrefixLength', () => {
  const items = planRun({
    categories: [{ task: 'attitude', category: 'm', stories }],
    setting: plain,
    templates: DEFAULT_TEMPLATES
  });

  it('counts the system prompt and the story for questions of one story', () => {
    const first = userText(items[0]!.messages);
    const upToStatement = first.indexOf('Statement: ') + 'Statement: '.length;
    // Both statements of story 0 start differently ("Children…" vs "Work…").
    expect(sharedPrefixLength(items[0]!.messages, items[1]!.messages)).toBe(
      DEFAULT_SYSTEM_PROMPT.length + upToStatement
    );
  });

  it('counts only the instructions before the story across stories', () => {
    const shared = sharedPrefixLength(items[1]!.messages, items[2]!.messages);
    const first = userText(items[1]!.messages);
    expect(shared).toBe(DEFAULT_SYSTEM_PROMPT.length + first.indexOf('Scene one'));
  });

  it('stops at a change of role and counts whole equal prompts in full', () => {
    const a: ChatMessage[] = [{ role: 'system', content: 'abc' }];
    const b: ChatMessage[] = [{ role: 'user', content: 'abc' }];
    expect(sharedPrefixLength(a, b)).toBe(0);
    expect(sharedPrefixLength(items[0]!.messages, items[0]!.messages)).toBe(
      items[0]!.messages.reduce((n, m) => n + m.content.length, 0)
    );
  });
});
