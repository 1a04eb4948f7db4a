import type { AgreementFigure } from '../agreement/figure';
import { figure, undefinedFigure } from '../agreement/figure';
import { cohenKappa } from '../agreement/kappa';
import type { AgreementUnit } from '../agreement/report';
import { humanMajority } from './units';

type Verdict = 'pass' | 'fail';

export interface HumanModelAgreement {
  /** Units with both a human majority and a readable model verdict. */
  n: number;
  /** Units left out because the people tied. */
  humanTies: number;
  /** Units left out because the model's verdict was unreadable or missing. */
  noModelVerdict: number;
  /** The share of units where the model's verdict equals the people's (the paper's figure). */
  raw: AgreementFigure;
  kappa: AgreementFigure;
  /** confusion[human][model]. */
  confusion: Record<Verdict, Record<Verdict, number>>;
  /** Of the values people passed, the share the model failed. */
  falseFailureRate: AgreementFigure;
  /** Of the values people failed, the share the model passed. */
  missRate: AgreementFigure;
}

/**
 * A checking model's verdicts against the people's majority on the same units. `modelVerdict`
 * gives the model's (majority) verdict for a unit, or undefined when it had none.
 */
export function humanModelAgreement<U extends AgreementUnit>(
  units: readonly U[],
  modelVerdict: (unit: U) => Verdict | undefined
): HumanModelAgreement {
  const majority = humanMajority(units);
  const confusion: HumanModelAgreement['confusion'] = {
    pass: { pass: 0, fail: 0 },
    fail: { pass: 0, fail: 0 }
  };
  const humans: Verdict[] = [];
  const models: Verdict[] = [];
  let humanTies = 0;
  let noModelVerdict = 0;
  for (const unit of units) {
    const human = majority.get(unit);
    if (human === undefined) {
      humanTies++;
      continue;
    }
    const model = modelVerdict(unit);
    if (model === undefined) {
      noModelVerdict++;
      continue;
    }
    confusion[human][model]++;
    humans.push(human);
    models.push(model);
  }
  const n = humans.length;
  const share = (part: number, whole: number, what: string): AgreementFigure =>
    whole === 0 ? undefinedFigure(`no value that people ${what}`) : figure(part / whole);
  return {
    n,
    humanTies,
    noModelVerdict,
    raw:
      n === 0
        ? undefinedFigure('no value has both a human majority and a model verdict')
        : figure((confusion.pass.pass + confusion.fail.fail) / n),
    kappa: cohenKappa(humans, models),
    confusion,
    falseFailureRate: share(confusion.pass.fail, confusion.pass.pass + confusion.pass.fail, 'passed'),
    missRate: share(confusion.fail.pass, confusion.fail.pass + confusion.fail.fail, 'failed')
  };
}
