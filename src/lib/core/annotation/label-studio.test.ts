import { describe, expect, it } from 'vitest';
import { fromLabelStudio, isLabelStudioExport, labelStudioAsResults, toLabelStudio } from './label-studio';
import { mergeResults } from './merge';
import type { AssignedStory, ValueLabel } from './schema';

const text = '**Mara:** "We could skip the raffle."';
const story: AssignedStory = {
  storyId: 'social-01',
  category: 'social',
  textHash: 'c'.repeat(64),
  text,
  values: [{ statement: 'Religious traditions should be kept', attitude: 'disagree' }],
  model: { incorporation: [{ verdict: 'pass', quotes: [] }] }
};
const labels = new Map<string, ValueLabel[]>([
  [
    'ana',
    [
      {
        storyId: 'social-01',
        textHash: 'c'.repeat(64),
        valueIndex: 0,
        check: 'incorporation',
        blind: { verdict: 'fail', evidence: [] },
        revised: { verdict: 'pass', evidence: [{ start: 11, end: 36, quote: 'We could skip the raffle.' }] }
      }
    ]
  ]
]);

describe('Label Studio exchange', () => {
  it('exports one task per value with final labels as annotations and the model as predictions', () => {
    const [task] = toLabelStudio([story], labels, 'checker-model');
    expect(task!.data.value).toBe('Religious traditions should be kept--disagree');
    expect(task!.annotations[0]!.completed_by).toBe('ana');
    expect(task!.annotations[0]!.result).toEqual([
      { from_name: 'incorporation', to_name: 'text', type: 'choices', value: { choices: ['Yes'] } },
      {
        from_name: 'incorporation_evidence',
        to_name: 'text',
        type: 'labels',
        value: { start: 11, end: 36, text: 'We could skip the raffle.', labels: ['evidence'] }
      }
    ]);
    expect(task!.predictions[0]!.model_version).toBe('checker-model');
    expect(text.slice(11, 36)).toBe('We could skip the raffle.');
  });

  it('reads the export back as the same verdicts and evidence', () => {
    const json = JSON.stringify(toLabelStudio([story], labels, 'checker-model'));
    const back = fromLabelStudio('export.json', json);
    expect(back.get('ana')).toEqual([
      {
        storyId: 'social-01',
        textHash: 'c'.repeat(64),
        valueIndex: 0,
        check: 'incorporation',
        blind: { verdict: 'pass', evidence: [{ start: 11, end: 36, quote: 'We could skip the raffle.' }] }
      }
    ]);
  });

  it('refuses a file with an unreadable choice, naming the task and check', () => {
    const json = JSON.stringify(toLabelStudio([story], labels, 'm')).replace('"Yes"', '"Maybe"');
    expect(() => fromLabelStudio('export.json', json)).toThrow(
      'export.json: task 0, incorporation: "Maybe" is neither Yes nor No'
    );
  });

  it("turns an export into results files that merge like the app's, and refuses a stranger", () => {
    const file = { name: 'ls.json', text: JSON.stringify(toLabelStudio([story], labels, 'm')) };
    expect(isLabelStudioExport(file)).toBe(true);
    const results = labelStudioAsResults('p1', file);
    expect(results.map((r) => r.name)).toEqual(['ls.json (ana)']);
    expect(isLabelStudioExport(results[0]!)).toBe(false);
    const project = {
      id: 'p1',
      annotators: ['ana'],
      checks: ['incorporation' as const],
      stories: new Map([['social-01', { textHash: 'c'.repeat(64), valueCount: 1 }]])
    };
    const merged = mergeResults(project, results);
    expect(merged.ok && merged.labels.get('ana')?.[0]?.blind.verdict).toBe('pass');
    const refused = mergeResults({ ...project, annotators: ['ben'] }, results);
    expect(refused.ok ? [] : refused.errors).toEqual([
      'ls.json (ana): "ana" is not an annotator of this project'
    ]);
  });
});
