import {
  mcnemar,
  pairedBootstrap,
  pairedDifferenceInterval,
  type Interval,
  type PairedTable
} from '../scoring/intervals';
import { f1OfMeans } from '../scoring/selection-summary';
import type { ExtractionItemScore } from '../extraction';
import type { RunConfig, Task } from '../schema/run';
import type { ScoredItem, ScoredRun } from './score';

/** One side of a comparison: a scored run and how to name it. */
export interface CompareSide {
  id: string;
  label: string;
  config: RunConfig;
  scored: ScoredRun;
}

export interface Disagreement {
  key: string;
  category: string;
  story: number;
  question?: number;
  prompt: string;
  a: ScoredItem;
  b: ScoredItem;
  /** The verdicts differ (not only the answers). */
  verdictsDiffer: boolean;
}

export interface RunComparison {
  ok: true;
  task: Task;
  /** Paired units: questions (task 1) or stories (tasks 2 and 3) both runs answered. */
  n: number;
  /** Units left out because one run (or both) never got to them: a stopped run, say. */
  leftOut: number;
  a: { id: string; label: string; score: number };
  b: { id: string; label: string; score: number };
  /** A's score minus B's, both on the paired units only. */
  difference: number;
  /** 95% interval of the difference. */
  interval: Interval;
  /** Two-sided p-value of "no difference". */
  p: number;
  test: 'mcnemar-exact' | 'mcnemar-chi2' | 'paired-bootstrap';
  /** Task 1: right/wrong pairs. */
  table?: PairedTable;
  disagreements: Disagreement[];
}

export type Comparison = RunComparison | { ok: false; reason: string };

/**
 * Compares two runs item by item, on the items both answered. Only runs of one task on one
 * dataset can be paired; anything else is refused with the reason. Task 1: McNemar's test on
 * the questions one run got right and the other wrong, and Newcombe's interval for the paired
 * difference in accuracy. Tasks 2 and 3: a paired bootstrap over stories of the difference in
 * F1 of means / judge score. Disagreements: items whose verdicts differ, or whose answers
 * read as different options or value sets (task 3: whose verdicts differ).
 */
export function compareRuns(a: CompareSide, b: CompareSide): Comparison {
  if (a.config.task !== b.config.task)
    return { ok: false, reason: `the runs are of different tasks (${a.config.task} and ${b.config.task})` };
  // One dataset (by id, or the same items by hash): an item key names the same item in both
  // runs, whatever categories each asked.
  if (a.config.dataset.id !== b.config.dataset.id && a.config.dataset.sha256 !== b.config.dataset.sha256)
    return {
      ok: false,
      reason: `the runs were asked on different items (${a.config.dataset.name} and ${b.config.dataset.name}, different datasets): only runs on the same items can be paired`
    };
  const sa = a.scored;
  const sb = b.scored;
  // Only items both runs answered are paired: a run's unasked or failed items count as wrong
  // in its own score, and pairing them would make a stopped run look significantly worse. A
  // run on one category against one on every category is compared on that category.
  const inB = new Map(sb.items.map((item, j) => [item.key, j]));
  const pairs: (readonly [number, number])[] = [];
  sa.items.forEach((x, i) => {
    const j = inB.get(x.key);
    if (j !== undefined && x.output !== null && sb.items[j]!.output !== null) pairs.push([i, j]);
  });
  const leftOut = new Set([...sa.keys, ...sb.keys]).size - pairs.length;
  if (pairs.length === 0) return { ok: false, reason: 'the runs have no answered item in common' };
  const head = {
    ok: true as const,
    n: pairs.length,
    leftOut,
    disagreements: disagreements(
      pairs.map(([i]) => sa.items[i]!),
      pairs.map(([, j]) => sb.items[j]!)
    )
  };
  if (sa.task === 'attitude' && sb.task === 'attitude') {
    const table: PairedTable = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
    for (const [i, j] of pairs) {
      const x = sa.summary.items[i]!.correct;
      const y = sb.summary.items[j]!.correct;
      if (x && y) table.both++;
      else if (x) table.onlyA++;
      else if (y) table.onlyB++;
      else table.neither++;
    }
    const test = mcnemar(table.onlyA, table.onlyB);
    const aScore = (table.both + table.onlyA) / pairs.length;
    const bScore = (table.both + table.onlyB) / pairs.length;
    return {
      ...head,
      task: 'attitude',
      a: { id: a.id, label: a.label, score: aScore },
      b: { id: b.id, label: b.label, score: bScore },
      difference: aScore - bScore,
      interval: pairedDifferenceInterval(table),
      p: test.p,
      test: test.method === 'exact' ? 'mcnemar-exact' : 'mcnemar-chi2',
      table
    };
  }
  if (sa.task === 'selection' && sb.task === 'selection') {
    const units = pairs.map(([i, j]) => [sa.summary.items[i]!, sb.summary.items[j]!] as const);
    const boot = pairedBootstrap(
      units,
      (s) => f1OfMeans(s.map((u) => u[0])),
      (s) => f1OfMeans(s.map((u) => u[1])),
      { seed: 'compare-selection' }
    );
    return {
      ...head,
      task: 'selection',
      a: { id: a.id, label: a.label, score: f1OfMeans(units.map((u) => u[0])) },
      b: { id: b.id, label: b.label, score: f1OfMeans(units.map((u) => u[1])) },
      difference: boot.difference,
      interval: boot.interval,
      p: boot.p,
      test: 'paired-bootstrap'
    };
  }
  if (sa.task === 'extraction' && sb.task === 'extraction') {
    const aAll = sa.summary.score;
    const bAll = sb.summary.score;
    if (aAll === null || bAll === null)
      return { ok: false, reason: `${aAll === null ? a.label : b.label} has no readable judge verdict` };
    const units = pairs.map(([i, j]) => [sa.summary.items[i]!, sb.summary.items[j]!] as const);
    const boot = pairedBootstrap(
      units,
      (s) => judgeScore(s.map((u) => u[0])),
      (s) => judgeScore(s.map((u) => u[1])),
      { seed: 'compare-extraction' }
    );
    const aScore = leftOut === 0 ? aAll : judgeScore(units.map((u) => u[0]));
    const bScore = leftOut === 0 ? bAll : judgeScore(units.map((u) => u[1]));
    return {
      ...head,
      task: 'extraction',
      a: { id: a.id, label: a.label, score: aScore },
      b: { id: b.id, label: b.label, score: bScore },
      difference: boot.difference,
      interval: boot.interval,
      p: boot.p,
      test: 'paired-bootstrap'
    };
  }
  return { ok: false, reason: 'the runs are of different tasks' };
}

/** The judge-only score: the mean over every counted gold value of the stories given. */
export function judgeScore(items: readonly ExtractionItemScore[]): number {
  let sum = 0;
  let n = 0;
  for (const item of items)
    for (const v of item.values) {
      if (v.final === null) continue;
      sum += v.final;
      n++;
    }
  return n === 0 ? 0 : sum / n;
}

/** Of paired items (the same item key on both sides, in A's order). */
function disagreements(a: readonly ScoredItem[], b: readonly ScoredItem[]): Disagreement[] {
  const out: Disagreement[] = [];
  a.forEach((x, i) => {
    const y = b[i]!;
    const verdictsDiffer = x.verdict !== y.verdict || x.score !== y.score;
    // Answers that read as the same option (or value set) with the same verdict agree.
    if (!verdictsDiffer && x.mapped === y.mapped) return;
    const d: Disagreement = {
      key: x.key,
      category: x.category,
      story: x.story,
      prompt: x.prompt,
      a: x,
      b: y,
      verdictsDiffer
    };
    if (x.question !== undefined) d.question = x.question;
    out.push(d);
  });
  return out;
}
