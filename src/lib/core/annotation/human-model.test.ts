import { describe, expect, it } from 'vitest';
import type { AgreementUnit } from '../agreement/report';
import { humanModelAgreement } from './human-model';

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
