import { describe, expect, it } from 'vitest';
import { modelDisagreements, projectAgreement } from './project-report';
import type { ValueLabel } from './schema';
import { projectFixture } from './testing';

const HASH = 'd'.repeat(64);
const label = (storyId: string, valueIndex: number, verdict: 'pass' | 'fail'): ValueLabel => ({
  storyId,
  textHash: HASH,
  valueIndex,
  check: 'incorporation',
  blind: { verdict, evidence: [] }
});
const story = (storyId: string, category: string) => ({
  storyId,
  category,
  textHash: HASH,
  text: storyId,
  values: [0, 1].map((i) => ({ statement: `S${i}`, attitude: 'agree' }))
});

describe('project agreement by category', () => {
  // Two annotators agree on both social values and on one of the two ethical ones.
  const project = projectFixture({
    stories: [story('social-01', 'social'), story('ethical-01', 'ethical')],
    assignments: { ana: ['social-01', 'ethical-01'], ben: ['social-01', 'ethical-01'] },
    results: {
      ana: [
        label('social-01', 0, 'pass'),
        label('social-01', 1, 'fail'),
        label('ethical-01', 0, 'pass'),
        label('ethical-01', 1, 'pass')
      ],
      ben: [
        label('social-01', 0, 'pass'),
        label('social-01', 1, 'fail'),
        label('ethical-01', 0, 'pass'),
        label('ethical-01', 1, 'fail')
      ]
    }
  });
  const raw = (category?: string): unknown => {
    const blind = projectAgreement(project, category).find((r) => r.stage === 'blind')!;
    return { n: blind.report.n, raw: blind.report.raw.figure };
  };

  it('counts only the units of the category asked, and all of them overall', () => {
    expect(raw('social')).toEqual({ n: 2, raw: { defined: true, value: 1 } });
    expect(raw('ethical')).toEqual({ n: 2, raw: { defined: true, value: 0.5 } });
    expect(raw()).toEqual({ n: 4, raw: { defined: true, value: 0.75 } });
  });
});

describe('model disagreements', () => {
  it("lists the values where the model's verdict is not the people's majority, with both sides", () => {
    const l = (valueIndex: number, verdict: 'pass' | 'fail'): ValueLabel => ({
      storyId: 's1',
      textHash: HASH,
      valueIndex,
      check: 'incorporation',
      blind: { verdict, evidence: verdict === 'fail' ? [] : [{ start: 0, end: 2, quote: 's1' }] }
    });
    const project = projectFixture({
      stories: [
        {
          ...story('s1', 'social'),
          model: {
            incorporation: [
              { verdict: 'fail', reasoning: 'nobody shows it', quotes: [] },
              { verdict: 'pass', quotes: [] }
            ]
          }
        }
      ],
      assignments: { ana: ['s1'], ben: ['s1'] },
      results: { ana: [l(0, 'pass'), l(1, 'pass')], ben: [l(0, 'pass'), l(1, 'pass')] },
      checkRun: { id: 'r', model: 'm' }
    });
    const [only, ...rest] = modelDisagreements(project);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      storyId: 's1',
      valueIndex: 0,
      value: 'S0--agree',
      human: 'pass',
      model: { verdict: 'fail', reasoning: 'nobody shows it' }
    });
    expect(only!.people.map((p) => [p.annotator, p.verdict, p.evidence])).toEqual([
      ['ana', 'pass', ['s1']],
      ['ben', 'pass', ['s1']]
    ]);
  });
});
