import { figure, NO_PAIRS, ONE_LABEL, undefinedFigure, type AgreementFigure } from './figure';
import { countLabels, pairable, unitsOf, type Label, type Ratings } from './ratings';

/** Share of units on which two coders gave the same label, over units both labelled. */
function pairedLabels(
  a: readonly (Label | undefined)[],
  b: readonly (Label | undefined)[]
): [Label, Label][] {
  if (a.length !== b.length) throw new RangeError(`the two coders label ${a.length} and ${b.length} units`);
  const pairs: [Label, Label][] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== undefined && y !== undefined) pairs.push([x, y]);
  }
  return pairs;
}

/** Cohen's kappa for two coders, on the units both labelled. */
export function cohenKappa(
  a: readonly (Label | undefined)[],
  b: readonly (Label | undefined)[]
): AgreementFigure {
  const pairs = pairedLabels(a, b);
  if (pairs.length === 0) return undefinedFigure(NO_PAIRS);
  const n = pairs.length;
  const first = countLabels(pairs.map(([x]) => x));
  const second = countLabels(pairs.map(([, y]) => y));
  const observed = pairs.filter(([x, y]) => x === y).length / n;
  let chance = 0;
  for (const [label, count] of first) chance += (count / n) * ((second.get(label) ?? 0) / n);
  if (chance === 1) return undefinedFigure(ONE_LABEL);
  return figure((observed - chance) / (1 - chance));
}

/**
 * Mean pairwise agreement per unit (each unit: agreeing ordered pairs / all ordered pairs),
 * over the units labelled at least twice. For two coders, the share of units they agree on.
 */
export function rawAgreement(ratings: Ratings): AgreementFigure {
  const units = pairable(unitsOf(ratings));
  if (units.length === 0) return undefinedFigure(NO_PAIRS);
  return figure(units.reduce((s, labels) => s + unitAgreement(labels), 0) / units.length);
}

function unitAgreement(labels: readonly Label[]): number {
  const m = labels.length;
  let agreeing = 0;
  for (const count of countLabels(labels).values()) agreeing += count * (count - 1);
  return agreeing / (m * (m - 1));
}

/**
 * Fleiss' kappa: mean per-unit agreement against chance from the pooled label shares. Units may
 * have different numbers of coders; those with fewer than two are left out.
 */
export function fleissKappa(ratings: Ratings): AgreementFigure {
  const units = pairable(unitsOf(ratings));
  if (units.length === 0) return undefinedFigure(NO_PAIRS);
  const observed = units.reduce((s, labels) => s + unitAgreement(labels), 0) / units.length;
  const pooled = countLabels(units.flat());
  const total = units.reduce((s, labels) => s + labels.length, 0);
  let chance = 0;
  for (const count of pooled.values()) chance += (count / total) ** 2;
  if (chance === 1) return undefinedFigure(ONE_LABEL);
  return figure((observed - chance) / (1 - chance));
}

/**
 * Gwet's AC1, whose chance term stays small when one label dominates, so it does not collapse
 * the way kappa and alpha do on skewed labels. `categories` is every label the coders could give
 * (two for a yes/no check), whether or not it was used.
 */
export function gwetAC1(ratings: Ratings, categories: readonly Label[]): AgreementFigure {
  const all = unitsOf(ratings);
  const units = pairable(all);
  if (units.length === 0) return undefinedFigure(NO_PAIRS);
  const q = categories.length;
  if (q < 2) return undefinedFigure('AC1 needs at least two possible labels');
  const known = new Set(categories);
  for (const labels of all)
    for (const label of labels)
      if (!known.has(label)) throw new RangeError(`label "${String(label)}" is not among the categories`);
  const observed = units.reduce((s, labels) => s + unitAgreement(labels), 0) / units.length;
  const rated = all.filter((labels) => labels.length > 0);
  let chance = 0;
  for (const category of categories) {
    const pi =
      rated.reduce((s, labels) => s + labels.filter((l) => l === category).length / labels.length, 0) /
      rated.length;
    chance += pi * (1 - pi);
  }
  chance /= q - 1;
  return figure((observed - chance) / (1 - chance));
}
