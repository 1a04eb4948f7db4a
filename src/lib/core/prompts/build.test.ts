import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { exampleFor } from '../dataset/shipped-benchmark';
import { buildAttitudePrompt, buildSelectionPrompt, type PromptSetting } from './build';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES, fill, type TemplateSet } from './templates';
import { templateHash } from './hash';

const bench = shippedBenchmarkFixture();
const story = bench.stories.social[0]!;
const attitudeAsk = {
  story: story.text,
  statement: 'When a mother works for pay, the children suffer.',
  options: [' agree ', ' neither agree or disagree ', ' disagree']
};
const selectionAsk = { story: story.text, options: ['A--agree', 'B--disagree'], number: 1 };
const setting = (reasoning: boolean, shots: 0 | 1, systemPrompt = DEFAULT_SYSTEM_PROMPT): PromptSetting => ({
  reasoning,
  shots,
  systemPrompt
});

describe('attitude prompts', () => {
  it('plain zero-shot: the release system prompt, the story, the statement, trimmed options, answer only', () => {
    const [system, user] = buildAttitudePrompt(attitudeAsk, setting(false, 0), DEFAULT_TEMPLATES);
    expect(system).toEqual({ role: 'system', content: 'You are an American who has basic common sense' });
    expect(user?.content).toContain(story.text);
    expect(user?.content).toContain('Statement: When a mother works for pay, the children suffer.');
    expect(user?.content).toContain('Options: agree, neither agree or disagree, disagree');
    expect(user?.content).toContain('Answer with one of the options');
    expect(user?.content).not.toContain('[Answer]');
    expect(user?.content).not.toMatch(/\{\{\w+\}\}/);
  });

  it('reasoning: asks for steps and puts the answer after an [Answer] marker', () => {
    const [, user] = buildAttitudePrompt(attitudeAsk, setting(true, 0), DEFAULT_TEMPLATES);
    expect(user?.content).toMatch(/\[Answer\]: one option, copied exactly$/);
  });

  it('asks about one character in the multiple-character category', () => {
    const [, user] = buildAttitudePrompt(
      { ...attitudeAsk, character: 'Halina' },
      setting(false, 0),
      DEFAULT_TEMPLATES
    );
    expect(user?.content).toContain('Which attitude towards the statement does Halina hold?');
  });

  it('one-shot: shows a worked example from another story before the test story', () => {
    const example = exampleFor(bench, story.text);
    const [, user] = buildAttitudePrompt(attitudeAsk, setting(true, 1), DEFAULT_TEMPLATES, example);
    const content = user?.content ?? '';
    expect(content).toContain('Here is a worked example.');
    expect(content).toContain(example.attitude.story);
    expect(content).toContain(`[Answer]: ${example.attitude.answer}`);
    expect(content.indexOf(example.attitude.story)).toBeLessThan(content.indexOf(story.text));
  });

  it('one-shot never demonstrates on the test story itself', () => {
    const first = exampleFor(bench, 'some other story');
    const instead = exampleFor(bench, first.attitude.story);
    expect(instead.attitude.story).not.toBe(first.attitude.story);
  });

  it('one-shot without an example is refused rather than sent incomplete', () => {
    expect(() => buildAttitudePrompt(attitudeAsk, setting(false, 1), DEFAULT_TEMPLATES)).toThrow(
      'worked example'
    );
  });

  it('a blank system prompt sends the user message alone', () => {
    expect(buildAttitudePrompt(attitudeAsk, setting(false, 0, '  '), DEFAULT_TEMPLATES)).toHaveLength(1);
  });
});

describe('selection prompts', () => {
  it('list the options one per line and say how many to choose', () => {
    const [, user] = buildSelectionPrompt(selectionAsk, setting(false, 0), DEFAULT_TEMPLATES);
    expect(user?.content).toContain('A--agree\nB--disagree');
    expect(user?.content).toContain('Choose the 1 values');
  });

  it('reasoning asks for a [Final answer] heading with one value per line', () => {
    const [, user] = buildSelectionPrompt(selectionAsk, setting(true, 0), DEFAULT_TEMPLATES);
    expect(user?.content).toContain('[Final answer]:\none chosen value per line');
  });

  it("one-shot shows the example's gold values as its answer", () => {
    const example = exampleFor(bench, story.text);
    const [, user] = buildSelectionPrompt(selectionAsk, setting(false, 1), DEFAULT_TEMPLATES, example);
    expect(user?.content).toContain(example.selection.answer.join('\n'));
    expect(example.selection.options).toHaveLength(15);
  });
});

describe('templates are data', () => {
  it('a replaced template is used as given', () => {
    const custom: TemplateSet = structuredClone(DEFAULT_TEMPLATES);
    custom.attitude.plain.body = 'S={{story}} Q={{statement}} O={{options}} W={{subject}}{{examples}}';
    const [, user] = buildAttitudePrompt({ ...attitudeAsk, story: 'x' }, setting(false, 0), custom);
    expect(user?.content).toBe(
      'S=x Q=When a mother works for pay, the children suffer. O=agree, neither agree or disagree, disagree W=the characters in the scene'
    );
  });

  it('a template naming an unknown placeholder is an error, not a blank', () => {
    expect(() => fill('Hello {{nobody}}', {}, 'greeting')).toThrow('template greeting uses {{nobody}}');
  });

  it('the hash changes with the template text and with the system prompt', async () => {
    const base = await templateHash(DEFAULT_TEMPLATES.attitude.plain, DEFAULT_SYSTEM_PROMPT);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await templateHash(DEFAULT_TEMPLATES.attitude.plain, DEFAULT_SYSTEM_PROMPT)).toBe(base);
    expect(await templateHash(DEFAULT_TEMPLATES.attitude.reasoning, DEFAULT_SYSTEM_PROMPT)).not.toBe(base);
    expect(await templateHash(DEFAULT_TEMPLATES.attitude.plain, 'You are a careful reader')).not.toBe(base);
  });
});
