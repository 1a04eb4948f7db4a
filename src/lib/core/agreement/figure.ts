/**
 * An agreement statistic is either a number or undefined for a stated reason. Chance-corrected
 * statistics have no value when chance agreement is already total (every label the same) or
 * when no unit was rated twice; showing NaN or 0 there would read as a finding.
 */
export type AgreementFigure = { defined: true; value: number } | { defined: false; reason: string };

export function figure(value: number): AgreementFigure {
  return { defined: true, value };
}

export function undefinedFigure(reason: string): AgreementFigure {
  return { defined: false, reason };
}

export const ONE_LABEL = 'every label is the same, so agreement beyond chance is undefined';
export const NO_PAIRS = 'no item was labelled by two or more annotators';
