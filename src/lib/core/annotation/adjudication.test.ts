import { describe, expect, it } from 'vitest';
import { adjudicate, adjudicationQueue, finalLabels, itemAgreement } from './adjudication';
import type { AnnotationProject } from './project';
import type { ValueLabel } from './schema';
import { projectFixture } from './testing';

const HASH = 'c'.repeat(64);
const story = (storyId: string, values: number) => ({
  storyId,
  category: 'social',
  textHash: HASH,
  text: `Text of ${storyId}.`,
  values: Array.from({ length: values }, (_, i) => ({ statement: `S${i}`, attitude: 'agree' }))
});

function label(
  storyId: string,
  valueIndex: number,
  verdict: 'pass' | 'fail',
  revised?: 'pass' | 'fail'
): ValueLabel {
  return {
    storyId,
    textHash: HASH,
    valueIndex,
    check: 'incorporation',
    blind: { verdict, evidence: [] },
    ...(revised ? { revised: { verdict: revised, evidence: [] } } : {})
  };
}

/** Three annotators; story a has two values, story b one, story c none labelled yet. */
function project(): AnnotationProject {
  return projectFixture({
    annotators: ['ana', 'ben', 'cy'],
    overlap: { kind: 'all', perStory: 3 },
    stories: [story('a', 2), story('b', 1), story('c', 1)],
    assignments: { ana: ['a', 'b', 'c'], ben: ['a', 'b', 'c'], cy: ['a', 'b', 'c'] },
    results: {
      // a#0: all pass (ana revised fail → pass: her final label counts). a#1: 2 pass, 1 fail.
      // b#0: ana pass, ben fail (cy did not label it): the lowest agreement.
      ana: [label('a', 0, 'fail', 'pass'), label('a', 1, 'pass'), label('b', 0, 'pass')],
      ben: [label('a', 0, 'pass'), label('a', 1, 'pass'), label('b', 0, 'fail')],
      cy: [label('a', 0, 'pass'), label('a', 1, 'fail')]
    }
  });
}

describe('adjudication', () => {
  it('measures agreement on an item as the share of annotator pairs that agree', () => {
    const l = (verdict: 'pass' | 'fail') => ({ annotator: verdict, label: { verdict, evidence: [] } });
    expect(itemAgreement([l('pass'), l('pass'), l('fail')])).toBeCloseTo(1 / 3, 12);
    expect(itemAgreement([l('pass'), l('fail')])).toBe(0);
    expect(itemAgreement([l('fail')])).toBe(1);
  });

  it('queues the items people disagreed on, lowest agreement first, decided ones last', () => {
    const p = project();
    expect(adjudicationQueue(p).map((i) => [i.key, i.agreement])).toEqual([
      ['b#0#incorporation', 0],
      ['a#1#incorporation', 1 / 3]
    ]);
    const decided = adjudicate(p, 'b#0#incorporation', 'fail', 'Nobody mentions it.', new Date(0));
    expect(adjudicationQueue(decided).map((i) => i.key)).toEqual(['a#1#incorporation', 'b#0#incorporation']);
    expect(adjudicationQueue(decided)[1]!.adjudication).toEqual({
      verdict: 'fail',
      reason: 'Nobody mentions it.',
      at: '1970-01-01T00:00:00.000Z'
    });
  });

  it('refuses a final label without a reason, or on an item people agreed on', () => {
    expect(() => adjudicate(project(), 'b#0#incorporation', 'pass', '  ', new Date(0))).toThrow(/reason/);
    expect(() => adjudicate(project(), 'a#0#incorporation', 'pass', 'Fine.', new Date(0))).toThrow(
      /not an item the annotators disagreed on/
    );
  });

  it('gives every story its final labels: unanimous, adjudicated, or undecided', () => {
    const p = adjudicate(project(), 'b#0#incorporation', 'fail', 'Nobody mentions it.', new Date(0));
    expect(finalLabels(p)).toEqual([
      {
        storyId: 'a',
        category: 'social',
        textHash: HASH,
        labels: [
          { valueIndex: 0, check: 'incorporation', status: 'unanimous', verdict: 'pass', annotators: 3 },
          { valueIndex: 1, check: 'incorporation', status: 'undecided', annotators: 3 }
        ]
      },
      {
        storyId: 'b',
        category: 'social',
        textHash: HASH,
        labels: [
          {
            valueIndex: 0,
            check: 'incorporation',
            status: 'adjudicated',
            verdict: 'fail',
            reason: 'Nobody mentions it.',
            annotators: 2
          }
        ]
      },
      {
        storyId: 'c',
        category: 'social',
        textHash: HASH,
        labels: [{ valueIndex: 0, check: 'incorporation', status: 'undecided', annotators: 0 }]
      }
    ]);
  });
});
