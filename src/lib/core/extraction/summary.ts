import { bootstrap, ratioOfSums, type Interval } from '../scoring/intervals';
import type { Outcome } from '../scoring/outcome';
import { countOutcomes } from '../scoring/common';
import { judgeItemKey, type HumanVerdict, type Verdict } from '../schema/judging';
import type { ItemResult } from '../schema/run';
import { cohenKappa, fleissKappa, MIN_AGREEMENT_N } from './agreement';
import type { ExtractionGold } from './gold';
import { parseJudgement } from './parse-judgement';
import { extractPrediction } from './predict';

/** One gold value of one story: what the judge said, what a person said, and what counts. */
export interface GoldVerdict {
  index: number;
  gold: string;
  /** The judge's verdict (first sample), null when it has none or it cannot be read. */
  judge: Verdict | null;
  /** Why the judge's verdict could not be read. */
  unparseable?: string;
  justification?: string;
  human?: Verdict;
  /** What the judge-only score counts: the judge's verdict, 0 without a prediction or response, else null. */
  final: Verdict | null;
}

/**
 * - `scored`: judged; `no-prediction`: the output has no `[Final answer]` list (its values
 *   score 0, as in the release); `no-response`: the model never answered (scored 0 too);
 * - `not-judged`: a prediction the judging has not reached yet; `judge-failed`: every judge
 *   call for it failed (neither counts in the score, both count 0 in the lower bound).
 */
export type ExtractionStatus = 'scored' | 'no-prediction' | 'no-response' | 'not-judged' | 'judge-failed';

export interface ExtractionItemScore {
  key: string;
  category: string;
  story: number;
  status: ExtractionStatus;
  /**
   * `error`: no model response (as for every task); `unparseable`: no prediction, or some
   * verdict cannot be read; else `correct` when the item's score is at least 0.5 and `wrong`
   * below (this task has no single right answer). Null while the item is not scored: not
   * judged yet, or the judge never replied — neither says anything about the model's answer.
   */
  outcome: Outcome | null;
  /** Mean over the item's counted gold values (judge only), null when none counts. */
  score: number | null;
  /** With human verdicts applied, when any were given. */
  correctedScore?: number | null;
  prediction: string | null;
  values: GoldVerdict[];
  /** Judge lines for values that do not exist. */
  extra: string[];
  problem?: string;
  /** Judge replies refused as unreadable before the stored one. */
  rejected: number;
}

export interface ExtractionSummary {
  task: 'extraction';
  /** Stories. */
  n: number;
  goldValues: number;
  /**
   * Judge-only score: mean over counted gold values (read verdicts, and 0 for every value of a
   * story without prediction or response). The paper's number when every verdict was read.
   * Null when no gold value is counted: there is no readable verdict to score.
   */
  score: number | null;
  /** Bootstrap over stories; null exactly when `score` is. */
  scoreInterval: Interval | null;
  /**
   * The score with every unread verdict (unparseable, not judged, judge failed) counted as 0;
   * null only when the stories have no gold values at all.
   */
  lowerBound: number | null;
  /**
   * Verdict coverage: the share of gold values whose judge verdict was read (0 without gold
   * values). Values of stories without a prediction or response have no verdict by design.
   */
  verdictCoverage: number;
  /** Gold values with a readable judge verdict. */
  judged: number;
  /** Judge verdicts that could not be read (never counted as 0 in `score`). */
  unparseable: number;
  noPrediction: number;
  noPredictionValues: number;
  /** Items with no model response. */
  error: number;
  /** Items not scored yet (outcome null), counted apart from `outcomes`. */
  notJudged: number;
  judgeFailed: number;
  /** Outcomes of the scored items (not-judged and judge-failed ones are left out). */
  outcomes: Record<Outcome, number>;
  /** One entry per story, in plan order. */
  items: ExtractionItemScore[];
  judgeUsage: JudgeUsage;
  /** With people's verdicts applied; the same null rules as the judge-only numbers. */
  corrected?: {
    score: number | null;
    scoreInterval: Interval | null;
    lowerBound: number | null;
    overridden: number;
    confirmed: number;
  };
  agreement?: Agreement;
  consistency?: Consistency;
}

export interface JudgeUsage {
  /** Every judge call: retries and refused replies included. */
  calls: number;
  refused: number;
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

/** Judge against people, over gold values that have both verdicts. Null until `n` reaches `needed + n`. */
export interface Agreement {
  n: number;
  raw: number | null;
  kappa: number | null;
  /** How many more compared verdicts are needed before agreement is reported (0 once it is). */
  needed: number;
}

/**
 * Self-consistency of a judge asked k times: over gold values all k samples read, the share on
 * which every sample agrees and Fleiss' kappa of the k samples; and the score each sample gives.
 */
export interface Consistency {
  samples: number;
  values: number;
  allAgree: number | null;
  fleissKappa: number | null;
  scorePerSample: (number | null)[];
}

export interface ExtractionInput {
  gold: readonly ExtractionGold[];
  results: readonly ItemResult[];
  /** The chosen judging's stored results (all samples). */
  judgeResults: readonly ItemResult[];
  humanVerdicts?: readonly HumanVerdict[];
  /** Judge samples per item; inferred from the judge results' keys when absent. */
  samples?: number;
}

/** Scores a value-extraction run with one judging, optionally corrected by people. */
export function summarizeExtraction(input: ExtractionInput): ExtractionSummary {
  const outputs = new Map(input.results.map((r) => [r.itemKey, r.output]));
  const judgeOf = new Map(input.judgeResults.map((r) => [r.itemKey, r]));
  const humans = latestHumanVerdicts(input.humanVerdicts ?? []);
  const items = input.gold.map((g) => scoreItem(g, outputs, judgeOf.get(g.key), humans));
  const goldValues = items.reduce((n, i) => n + i.values.length, 0);
  const values = items.flatMap((i) => i.values);
  const judgeOnly = aggregate(items, (v) => v.final);
  const judged = values.filter((v) => v.judge !== null).length;
  const summary: ExtractionSummary = {
    task: 'extraction',
    n: items.length,
    goldValues,
    score: judgeOnly.score,
    scoreInterval: judgeOnly.interval,
    lowerBound: judgeOnly.lowerBound,
    verdictCoverage: goldValues === 0 ? 0 : judged / goldValues,
    judged,
    unparseable: values.filter((v) => v.unparseable !== undefined).length,
    noPrediction: items.filter((i) => i.status === 'no-prediction').length,
    noPredictionValues: items
      .filter((i) => i.status === 'no-prediction')
      .reduce((n, i) => n + i.values.length, 0),
    error: items.filter((i) => i.status === 'no-response').length,
    notJudged: items.filter((i) => i.status === 'not-judged').length,
    judgeFailed: items.filter((i) => i.status === 'judge-failed').length,
    outcomes: countOutcomes(
      items.filter((i): i is ExtractionItemScore & { outcome: Outcome } => i.outcome !== null)
    ),
    items,
    judgeUsage: judgeUsage(input.judgeResults)
  };
  if (input.humanVerdicts !== undefined && input.humanVerdicts.length > 0) {
    const corrected = aggregate(items, (v) => v.human ?? v.final);
    for (const item of items) item.correctedScore = itemScore(item.values.map((v) => v.human ?? v.final));
    const reviewed = values.filter((v) => v.human !== undefined);
    summary.corrected = {
      score: corrected.score,
      scoreInterval: corrected.interval,
      lowerBound: corrected.lowerBound,
      overridden: reviewed.filter((v) => v.human !== v.judge).length,
      confirmed: reviewed.filter((v) => v.human === v.judge).length
    };
    summary.agreement = agreementOf(reviewed);
  }
  const samples = input.samples ?? inferSamples(input.judgeResults);
  if (samples > 1) summary.consistency = consistencyOf(input, outputs, judgeOf, samples);
  return summary;
}

function scoreItem(
  g: ExtractionGold,
  outputs: ReadonlyMap<string, string | null>,
  judge: ItemResult | undefined,
  humans: ReadonlyMap<string, Verdict>
): ExtractionItemScore {
  const output = outputs.get(g.key) ?? null;
  const prediction = extractPrediction(output);
  const human = (i: number): { human?: Verdict } => {
    const h = humans.get(`${g.key}\u0000${i}`);
    return h === undefined ? {} : { human: h };
  };
  const base = { key: g.key, category: g.category, story: g.story, prediction, extra: [] as string[] };
  const fixed = (
    status: ExtractionStatus,
    outcome: Outcome | null,
    final: Verdict | null
  ): ExtractionItemScore => {
    const values = g.gold.map((gold, index) => ({ index, gold, judge: null, final, ...human(index) }));
    return { ...base, status, outcome, values, score: itemScore(values.map((v) => v.final)), rejected: 0 };
  };
  if (output === null) return fixed('no-response', 'error', 0);
  if (prediction === null) return fixed('no-prediction', 'unparseable', 0);
  if (judge === undefined) return fixed('not-judged', null, null);
  const rejected = judge.rejected?.length ?? 0;
  if (judge.output === null) return { ...fixed('judge-failed', null, null), rejected };
  const parsed = parseJudgement(judge.output, g.gold.length);
  const values: GoldVerdict[] = g.gold.map((gold, index) => {
    const p = parsed.verdicts[index]!;
    const v: GoldVerdict =
      'verdict' in p
        ? { index, gold, judge: p.verdict, final: p.verdict }
        : { index, gold, judge: null, unparseable: p.unparseable, final: null };
    if (p.justification !== undefined) v.justification = p.justification;
    return { ...v, ...human(index) };
  });
  const score = itemScore(values.map((v) => v.final));
  const unread = values.some((v) => v.judge === null);
  const outcome: Outcome = unread ? 'unparseable' : (score ?? 0) >= 0.5 ? 'correct' : 'wrong';
  const item: ExtractionItemScore = {
    ...base,
    status: 'scored',
    outcome,
    score,
    values,
    extra: parsed.extra,
    rejected
  };
  if (parsed.problem !== undefined) item.problem = parsed.problem;
  return item;
}

function itemScore(finals: readonly (Verdict | null)[]): number | null {
  const counted = finals.filter((v): v is Verdict => v !== null);
  return counted.length === 0 ? null : counted.reduce<number>((s, v) => s + v, 0) / counted.length;
}

/**
 * The overall score (mean over counted values) and its bootstrap interval over stories, both
 * null when nothing is counted (a 0 there would read as "every value missed"), and the lower bound.
 */
function aggregate(
  items: readonly ExtractionItemScore[],
  pick: (v: GoldVerdict) => Verdict | null
): { score: number | null; interval: Interval | null; lowerBound: number | null } {
  const units = items.map((item) => {
    const counted = item.values.map(pick).filter((v): v is Verdict => v !== null);
    return {
      sum: counted.reduce<number>((s, v) => s + v, 0),
      count: counted.length,
      all: item.values.length
    };
  });
  const all = units.reduce((n, u) => n + u.all, 0);
  const total = units.reduce((s, u) => s + u.sum, 0);
  const counted = units.filter((u) => u.count > 0);
  const lowerBound = all === 0 ? null : total / all;
  if (counted.length === 0) return { score: null, interval: null, lowerBound };
  return {
    score: ratioOfSums(
      counted.reduce((s, u) => s + u.sum, 0),
      counted.reduce((c, u) => c + u.count, 0),
      counted.length
    ),
    interval: bootstrap(
      counted.map((u) => u.sum),
      counted.map((u) => u.count),
      ratioOfSums,
      { seed: 'extraction-score' }
    ),
    lowerBound
  };
}

function judgeUsage(results: readonly ItemResult[]): JudgeUsage {
  const usage: JudgeUsage = { calls: 0, refused: 0, promptTokens: 0, completionTokens: 0, ms: 0 };
  for (const r of results) {
    usage.calls += r.attempts;
    usage.refused += r.rejected?.length ?? 0;
    usage.promptTokens += r.usage?.promptTokens ?? 0;
    usage.completionTokens += r.usage?.completionTokens ?? 0;
    usage.ms += r.latencyMs;
  }
  return usage;
}

/** Per (item, gold index), the most recent human verdict. */
function latestHumanVerdicts(verdicts: readonly HumanVerdict[]): Map<string, Verdict> {
  const sorted = [...verdicts].sort((a, b) => a.at.localeCompare(b.at));
  return new Map(sorted.map((h) => [`${h.itemKey}\u0000${h.gold}`, h.verdict]));
}

function agreementOf(reviewed: readonly GoldVerdict[]): Agreement {
  const pairs = reviewed.flatMap((v): [Verdict, Verdict][] =>
    v.judge === null || v.human === undefined ? [] : [[v.judge, v.human]]
  );
  const n = pairs.length;
  if (n < MIN_AGREEMENT_N) return { n, raw: null, kappa: null, needed: MIN_AGREEMENT_N - n };
  return { n, raw: pairs.filter(([a, b]) => a === b).length / n, kappa: cohenKappa(pairs), needed: 0 };
}

function inferSamples(results: readonly ItemResult[]): number {
  let max = 0;
  for (const r of results) {
    const m = /#(\d+)$/.exec(r.itemKey);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

function consistencyOf(
  input: ExtractionInput,
  outputs: ReadonlyMap<string, string | null>,
  judged: ReadonlyMap<string, ItemResult>,
  samples: number
): Consistency {
  const perSample: ExtractionItemScore[][] = [];
  for (let s = 0; s < samples; s++)
    perSample.push(
      input.gold.map((g) => scoreItem(g, outputs, judged.get(judgeItemKey(g.key, s)), new Map()))
    );
  const ratings: Verdict[][] = [];
  input.gold.forEach((g, i) => {
    g.gold.forEach((_v, index) => {
      const reads = perSample.map((items) => items[i]!.values[index]!.judge);
      if (reads.every((r): r is Verdict => r !== null)) ratings.push(reads);
    });
  });
  const agree = ratings.filter((r) => r.every((v) => v === r[0])).length;
  return {
    samples,
    values: ratings.length,
    allAgree: ratings.length === 0 ? null : agree / ratings.length,
    fleissKappa: fleissKappa(ratings),
    // A sample that read no verdict says nothing, even where no-prediction zeros are counted.
    scorePerSample: perSample.map((items) =>
      items.some((i) => i.values.some((v) => v.judge !== null))
        ? aggregate(items, (v) => v.final).score
        : null
    )
  };
}
