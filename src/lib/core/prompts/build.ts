import type { ChatMessage } from '../ports';
import { fill, type Template, type TemplateSet } from './templates';

export interface PromptSetting {
  reasoning: boolean;
  shots: 0 | 1;
  systemPrompt: string;
}

/** What task 1 asks about one value of one story. */
export interface AttitudeAsk {
  story: string;
  statement: string;
  /** The raw option list (untrimmed, as in the release). */
  options: readonly string[];
  /** In the multiple-character category: whose attitude is asked. */
  character?: string;
}

export interface SelectionAsk {
  story: string;
  options: readonly string[];
  /** How many options are correct (the gold count). */
  number: number;
}

/** A worked example resolved against a dataset: the texts the example template needs. */
export interface ResolvedExample {
  attitude: AttitudeAsk & { answer: string; evidence: string; reasoning: string };
  selection: SelectionAsk & { answer: readonly string[]; evidence: string; reasoning: string };
}

export function optionsInline(options: readonly string[]): string {
  return options
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .join(', ');
}

function subject(character: string | undefined): string {
  return character === undefined ? 'the characters in the scene' : character;
}

function templateOf(set: TemplateSet, task: 'attitude' | 'selection', reasoning: boolean): Template {
  return reasoning ? set[task].reasoning : set[task].plain;
}

function messages(system: string, user: string): ChatMessage[] {
  return system.trim() === ''
    ? [{ role: 'user', content: user }]
    : [
        { role: 'system', content: system },
        { role: 'user', content: user }
      ];
}

/** Task 1 prompt for one question. One-shot needs `example` (from another story). */
export function buildAttitudePrompt(
  ask: AttitudeAsk,
  setting: PromptSetting,
  templates: TemplateSet,
  example?: ResolvedExample
): ChatMessage[] {
  const template = templateOf(templates, 'attitude', setting.reasoning);
  let examples = '';
  if (setting.shots === 1) {
    if (example === undefined) throw new Error('a one-shot prompt needs a worked example');
    const e = example.attitude;
    examples = `\n${fill(
      template.example,
      {
        story: e.story,
        statement: e.statement,
        options: optionsInline(e.options),
        subject: subject(e.character),
        answer: e.answer,
        evidence: e.evidence,
        reasoning: e.reasoning
      },
      'attitude example'
    )}`;
  }
  const user = fill(
    template.body,
    {
      examples,
      story: ask.story,
      statement: ask.statement,
      options: optionsInline(ask.options),
      subject: subject(ask.character)
    },
    'attitude'
  );
  return messages(setting.systemPrompt, user);
}

/** Task 2 prompt for one story. */
export function buildSelectionPrompt(
  ask: SelectionAsk,
  setting: PromptSetting,
  templates: TemplateSet,
  example?: ResolvedExample
): ChatMessage[] {
  const template = templateOf(templates, 'selection', setting.reasoning);
  let examples = '';
  if (setting.shots === 1) {
    if (example === undefined) throw new Error('a one-shot prompt needs a worked example');
    const e = example.selection;
    examples = `\n${fill(
      template.example,
      {
        story: e.story,
        options: e.options.join('\n'),
        number: String(e.number),
        answer: e.answer.join('\n'),
        evidence: e.evidence,
        reasoning: e.reasoning
      },
      'selection example'
    )}`;
  }
  const user = fill(
    template.body,
    { examples, story: ask.story, options: ask.options.join('\n'), number: String(ask.number) },
    'selection'
  );
  return messages(setting.systemPrompt, user);
}
