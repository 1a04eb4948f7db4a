import { describe, expect, it } from 'vitest';
import { projectHumanModel } from './project-report';
import type { AgreementUnit } from '../agreement/report';
import { humanModelAgreement } from './human-model';
import { projectFixture } from './testing';

function unit(story: string, ...labels: ('pass' | 'fail')[]): AgreementUnit {
  return { story, labels: new Map(labels.map((l, i) => [`person-${i}`, l])) };
}

describe('humanModelAgreement', () => {
  it('compares the model with the human majority: raw agreement, confusion, false failures and misses', () => {
    const units = [
      unit('a', 'pass', 'pass'),
      unit('a', 'pass', 'pass', 'fail'),
      unit('b', 'fail', 'fail'),
      unit('b', 'fail', 'pass'), // a tie: left out
      unit('c', 'pass', 'pass'),
      unit('c', 'fail', 'fail')
    ];
    const model = new Map<AgreementUnit, 'pass' | 'fail' | undefined>([
      [units[0]!, 'pass'],
      [units[1]!, 'fail'],
      [units[2]!, 'fail'],
      [units[3]!, 'pass'],
      [units[4]!, undefined],
      [units[5]!, 'pass']
    ]);
    const result = humanModelAgreement(units, (u) => model.get(u));
    expect(result).toMatchObject({ n: 4, humanTies: 1, noModelVerdict: 1 });
    expect(result.confusion).toEqual({ pass: { pass: 1, fail: 1 }, fail: { pass: 1, fail: 1 } });
    expect(result.raw).toEqual({ defined: true, value: 0.5 });
    expect(result.falseFailureRate).toEqual({ defined: true, value: 0.5 });
    expect(result.missRate).toEqual({ defined: true, value: 0.5 });
    expect(result.kappa).toEqual({ defined: true, value: 0 });
  });

  it('says why a rate is undefined when people never failed a value', () => {
    const result = humanModelAgreement([unit('a', 'pass', 'pass')], () => 'pass');
    expect(result.missRate).toEqual({ defined: false, reason: 'no value that people failed' });
    expect(result.raw).toEqual({ defined: true, value: 1 });
  });
});

describe('projectHumanModel', () => {
  it("compares the check run's verdicts with the people's labels before the reveal, value by value", () => {
    const hash = 'f'.repeat(64);
    const label = (valueIndex: number, blind: 'pass' | 'fail', revised?: 'pass' | 'fail') => ({
      storyId: 's1',
      textHash: hash,
      valueIndex,
      check: 'incorporation' as const,
      blind: { verdict: blind, evidence: [] },
      ...(revised ? { revised: { verdict: revised, evidence: [] } } : {})
    });
    const project = projectFixture({
      stories: [
        {
          storyId: 's1',
          category: 'social',
          textHash: hash,
          text: 'A story.',
          values: [0, 1, 2].map((i) => ({ statement: `S${i}`, attitude: 'agree' })),
          model: {
            incorporation: [{ verdict: 'fail', quotes: [] }, { verdict: 'pass', quotes: [] }, { quotes: [] }]
          }
        }
      ],
      assignments: { ana: ['s1'], ben: ['s1'] },
      // Value 1: both pass before the reveal (ben then follows the model: not counted here).
      // Value 2: both fail. Value 3: the model has no verdict.
      results: {
        ana: [label(0, 'pass'), label(1, 'fail'), label(2, 'pass')],
        ben: [label(0, 'pass', 'fail'), label(1, 'fail'), label(2, 'pass')]
      }
    });
    const [row] = projectHumanModel(project);
    expect(row?.result).toMatchObject({
      n: 2,
      noModelVerdict: 1,
      humanTies: 0,
      confusion: { pass: { pass: 0, fail: 1 }, fail: { pass: 1, fail: 0 } },
      raw: { defined: true, value: 0 }
    });
  });
});
