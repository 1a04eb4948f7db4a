import { SeededRandom } from '../random';
import { quantile, type Interval } from '../scoring/intervals';
import type { AgreementFigure } from './figure';
import { cohenKappa, fleissKappa, gwetAC1, rawAgreement } from './kappa';
import { krippendorffAlpha } from './krippendorff';
import { prevalence, unitsOf, type Label, type Ratings } from './ratings';

/** One labelled unit (a story's value under one check) with each coder's label, if any. */
export interface AgreementUnit {
  /** The story the unit belongs to: intervals resample stories, not units. */
  story: string;
  labels: ReadonlyMap<string, Label>;
}

export interface FigureWithInterval {
  figure: AgreementFigure;
  /** 95% bootstrap over stories; undefined when the figure is, or too few resamples have one. */
  interval?: Interval;
}

export interface AgreementReport {
  /** Units labelled by two or more coders. */
  n: number;
  coders: string[];
  /** Each label's share of all labels given. */
  prevalence: Map<Label, number>;
  raw: FigureWithInterval;
  fleissKappa: FigureWithInterval;
  alpha: FigureWithInterval;
  ac1: FigureWithInterval;
  /** Cohen's kappa for each pair of coders who labelled a unit in common. */
  pairs: { a: string; b: string; n: number; kappa: AgreementFigure }[];
}

export interface ReportOptions {
  /** Every label a coder could give (both of a yes/no check), for AC1. */
  categories: readonly Label[];
  resamples?: number;
  seed?: string;
}

/** Raw agreement, Fleiss' kappa, Krippendorff's alpha (nominal) and AC1 side by side. */
export function agreementReport(units: readonly AgreementUnit[], options: ReportOptions): AgreementReport {
  const coders = [...new Set(units.flatMap((u) => [...u.labels.keys()]))].sort();
  const ratings = toRatings(units, coders);
  const statistics = {
    raw: rawAgreement,
    fleissKappa,
    alpha: (r: Ratings) => krippendorffAlpha(r, 'nominal'),
    ac1: (r: Ratings) => gwetAC1(r, options.categories)
  };
  const withInterval = (statistic: (r: Ratings) => AgreementFigure): FigureWithInterval => {
    const figure = statistic(ratings);
    if (!figure.defined) return { figure };
    const interval = storyBootstrap(units, coders, statistic, options);
    return interval === undefined ? { figure } : { figure, interval };
  };
  const pairs: AgreementReport['pairs'] = [];
  for (let i = 0; i < coders.length; i++)
    for (let j = i + 1; j < coders.length; j++) {
      const [a, b] = [coders[i]!, coders[j]!];
      const shared = units.filter((u) => u.labels.has(a) && u.labels.has(b));
      if (shared.length === 0) continue;
      const kappa = cohenKappa(
        shared.map((u) => u.labels.get(a)),
        shared.map((u) => u.labels.get(b))
      );
      pairs.push({ a, b, n: shared.length, kappa });
    }
  return {
    n: units.filter((u) => u.labels.size >= 2).length,
    coders,
    prevalence: prevalence(unitsOf(ratings)),
    raw: withInterval(statistics.raw),
    fleissKappa: withInterval(statistics.fleissKappa),
    alpha: withInterval(statistics.alpha),
    ac1: withInterval(statistics.ac1),
    pairs
  };
}

function toRatings(units: readonly AgreementUnit[], coders: readonly string[]): Ratings {
  return coders.map((coder) => units.map((u) => u.labels.get(coder)));
}

/**
 * Percentile bootstrap over stories. Resamples on which the statistic is undefined (say, every
 * drawn label the same) are left out; with fewer than 95% of resamples defined the interval
 * would describe a different population, so there is none.
 */
function storyBootstrap(
  units: readonly AgreementUnit[],
  coders: readonly string[],
  statistic: (r: Ratings) => AgreementFigure,
  { resamples = 1000, seed = 'agreement' }: ReportOptions
): Interval | undefined {
  const byStory = new Map<string, AgreementUnit[]>();
  for (const unit of units) {
    const list = byStory.get(unit.story);
    if (list) list.push(unit);
    else byStory.set(unit.story, [unit]);
  }
  const stories = [...byStory.values()];
  if (stories.length < 2) return undefined;
  const rng = new SeededRandom(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: AgreementUnit[] = [];
    for (let i = 0; i < stories.length; i++) sample.push(...stories[rng.int(stories.length)]!);
    const f = statistic(toRatings(sample, coders));
    if (f.defined) values.push(f.value);
  }
  if (values.length < resamples * 0.95) return undefined;
  values.sort((a, b) => a - b);
  return { low: quantile(values, 0.025), high: quantile(values, 0.975) };
}
