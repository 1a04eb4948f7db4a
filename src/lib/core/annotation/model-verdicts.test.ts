import { describe, expect, it } from 'vitest';
import { readCheckRunText } from '../checks/check-run-file';
import { modelVerdictsOf } from './model-verdicts';

const STORY = 'Priya shared her lunch. "Take half," she said.';
const values = [
  { statement: 'Sharing is good', attitude: 'agree' },
  { statement: 'Elders come first', attitude: 'agree' }
];

const header = {
  type: 'check-run',
  id: 'run-1',
  config: {
    kind: 'check',
    dataset: { id: 'shipped', name: 'shipped benchmark (social)', sha256: 'd'.repeat(64) },
    categories: ['social'],
    checks: ['consistency'],
    samples: 3,
    templateHash: 'e'.repeat(64),
    model: { provider: 'openai', model: 'checker-1' },
    sampling: { temperature: 0, topP: 1, maxTokens: 512 },
    environment: { appVersion: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z'
  }
};

const reply = (first: string, second: string, contradiction = 'NONE'): string =>
  [
    'Value 1: she shares.',
    'Value 2: nobody old appears.',
    '[Verdicts]:',
    `Value 1: ${first}`,
    `Value 2: ${second}`,
    '[Contradictions]:',
    contradiction
  ].join('\n');

const line = (sample: number, output: string | null) =>
  JSON.stringify({
    type: 'result',
    result: {
      itemKey: `social/0/consistency#${sample}`,
      output,
      latencyMs: 1,
      attempts: 1,
      finishedAt: '2026-01-01T00:00:00.000Z'
    }
  });

describe('model verdicts from a check run', () => {
  it('gives per value the majority verdict, its reasoning and quotes; a tie is no verdict', () => {
    const text = [
      JSON.stringify(header),
      line(1, reply('No', 'Yes', 'Value 1: Priya: "Take half,"')),
      line(2, reply('No', 'No', 'Value 1: Priya: "Take half,"')),
      line(3, null)
    ].join('\n');
    const verdicts = modelVerdictsOf(readCheckRunText('checks.jsonl', text), [
      { category: 'social', story: 0, text: STORY, values },
      { category: 'social', story: 1, text: 'Unchecked.', values }
    ]);
    expect([...verdicts.keys()]).toEqual(['social/0']);
    expect(verdicts.get('social/0')).toEqual({
      consistency: [
        {
          verdict: 'fail',
          reasoning: 'she shares.',
          quotes: [{ speech: '"Take half,"', character: 'Priya' }]
        },
        { quotes: [] }
      ]
    });
  });

  it('refuses a file whose lines do not read, naming the file and line', () => {
    expect(() => readCheckRunText('checks.jsonl', `${JSON.stringify(header)}\n{"type":"result"}`)).toThrow(
      /checks\.jsonl.*line 2/
    );
    expect(() => readCheckRunText('run.jsonl', '{"type":"run"}')).toThrow(
      /run\.jsonl.*not a check run header/
    );
  });
});
