import { bootstrap, wilson, type Interval } from '../scoring/intervals';
import type { Outcome } from '../scoring/outcome';
import type { Task } from '../schema/run';
import { METRIC_OF, type AggregateCell } from './aggregate';
import { OVERALL } from './identity';

type Unit = readonly [number, number];

const OUTCOMES: readonly Outcome[] = ['correct', 'wrong', 'unparseable', 'error'];

/** F1 of mean precision and mean recall, as the release computes it, over [precision, recall] units. */
function f1OfMeanUnits(units: readonly Unit[]): number {
  if (units.length === 0) return 0;
  let p = 0;
  let r = 0;
  for (const [precision, recall] of units) {
    p += precision;
    r += recall;
  }
  p /= units.length;
  r /= units.length;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** The judge score (mean over every counted verdict) over [sum, count] units. */
function ratioOfUnits(units: readonly Unit[]): number {
  let sum = 0;
  let count = 0;
  for (const [s, c] of units) {
    sum += s;
    count += c;
  }
  return count === 0 ? 0 : sum / count;
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
      score: f1OfMeanUnits(units),
      interval: bootstrap(units, f1OfMeanUnits, { seed: 'selection-f1' })
    };
  if (units.length === 0) return undefined;
  return {
    score: ratioOfUnits(units),
    interval: bootstrap(units, ratioOfUnits, { seed: 'extraction-score' })
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
