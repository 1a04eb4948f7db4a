import {
  bootstrap,
  f1OfSums,
  ratioOfSums,
  wilson,
  type Interval,
  type SumStatistic
} from '../scoring/intervals';
import type { Outcome } from '../scoring/outcome';
import type { Task } from '../schema/run';
import { METRIC_OF, type AggregateCell } from './aggregate';
import { OVERALL } from './identity';

type Unit = readonly [number, number];

const OUTCOMES: readonly Outcome[] = ['correct', 'wrong', 'unparseable', 'error'];

/** Applies a sum statistic to [a, b] units, summing left to right as the bootstrap does. */
function ofUnits(units: readonly Unit[], statistic: SumStatistic): number {
  let a = 0;
  let b = 0;
  for (const [x, y] of units) {
    a += x;
    b += y;
  }
  return statistic(a, b, units.length);
}

/** Bootstrap interval of a sum statistic over [a, b] units. */
function intervalOfUnits(units: readonly Unit[], statistic: SumStatistic, seed: string): Interval {
  return bootstrap(
    units.map((u) => u[0]),
    units.map((u) => u[1]),
    statistic,
    { seed }
  );
}

function scoreOf(
  task: Task,
  cells: readonly AggregateCell[]
): { score: number; interval: Interval } | undefined {
  if (task === 'attitude') {
    const correct = cells.reduce((s, c) => s + c.outcomes.correct, 0);
    const n = cells.reduce((s, c) => s + c.n, 0);
    return { score: n === 0 ? 0 : correct / n, interval: wilson(correct, n) };
  }
  if (cells.some((c) => c.units === undefined)) return undefined;
  const units = cells.flatMap((c) => c.units ?? []);
  // The same statistics and seeds as a whole-split run's overall cell.
  if (task === 'selection')
    return {
      score: ofUnits(units, f1OfSums),
      interval: intervalOfUnits(units, f1OfSums, 'selection-f1')
    };
  if (units.length === 0) return undefined;
  return {
    score: ofUnits(units, ratioOfSums),
    interval: intervalOfUnits(units, ratioOfSums, 'extraction-score')
  };
}

/**
 * The overall cell of one task over category cells that together make the whole split (each
 * from its own run of one model and setting), computed from their items, not by averaging
 * their scores. Undefined when the cells cannot be pooled (stored without their units).
 */
export function pooledOverall(task: Task, cells: readonly AggregateCell[]): AggregateCell | undefined {
  const scored = scoreOf(task, cells);
  if (scored === undefined) return undefined;
  const n = cells.reduce((s, c) => s + c.n, 0);
  const outcomes: Record<Outcome, number> = { correct: 0, wrong: 0, unparseable: 0, error: 0 };
  for (const c of cells) for (const o of OUTCOMES) outcomes[o] += c.outcomes[o];
  return {
    task,
    category: OVERALL,
    metric: METRIC_OF[task],
    score: scored.score,
    interval: scored.interval,
    n,
    coverage: n === 0 ? 0 : cells.reduce((s, c) => s + c.coverage * c.n, 0) / n,
    outcomes,
    responded: cells.reduce((s, c) => s + c.responded, 0),
    total: cells.reduce((s, c) => s + c.total, 0)
  };
}
