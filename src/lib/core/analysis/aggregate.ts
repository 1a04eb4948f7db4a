import { z } from 'zod';
import { datasetHash } from '../dataset/hash';
import type { RunDataset } from '../dataset/run-dataset';
import { extractionGold } from '../extraction';
import { summarizeSelection } from '../scoring/selection-summary';
import { selectionItemsOf } from '../dataset/run-dataset';
import { wilson, type Interval } from '../scoring/intervals';
import type { Outcome } from '../scoring/outcome';
import { outputsInOrder } from '../scoring/run-results';
import { taskSchema, type Task } from '../schema/run';
import { hostOf, OVERALL, ORIGINS, rowIdentity, rowIdentitySchema, type Origin } from './identity';
import { scoreRun, summarizeExtractionOf, type RunMaterial, type ScoredRun } from './score';

/**
 * The version of every scoring rule a stored aggregate depends on. Change it whenever any
 * score, interval or outcome could come out differently, so stored aggregates are recomputed.
 */
export const SCORER_VERSION = 'cqbench-scorer-3';

export const RUN_STATUSES = ['running', 'paused', 'stopped', 'done', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const intervalSchema = z.strictObject({ low: z.number(), high: z.number() });
const outcomesSchema = z.strictObject({
  correct: z.number().int().nonnegative(),
  wrong: z.number().int().nonnegative(),
  unparseable: z.number().int().nonnegative(),
  error: z.number().int().nonnegative()
});

export const METRICS = ['accuracy', 'f1', 'judge'] as const;
export type Metric = (typeof METRICS)[number];

/** The paper's number for each task: accuracy (which it calls F1), F1 of means, judge score. */
export const METRIC_OF: Record<Task, Metric> = { attitude: 'accuracy', selection: 'f1', extraction: 'judge' };

export const aggregateCellSchema = z.strictObject({
  task: taskSchema,
  /** A category of the run, or OVERALL. */
  category: z.string().min(1),
  metric: z.enum(METRICS),
  score: z.number().min(0).max(1),
  /** 95%: Wilson for task 1, bootstrap over stories for tasks 2 and 3. */
  interval: intervalSchema,
  /** Questions (task 1) or stories (tasks 2 and 3). */
  n: z.number().int().nonnegative(),
  coverage: z.number().min(0).max(1),
  outcomes: outcomesSchema,
  /** Task 3 with people's verdicts applied (the judge's score stays the paper's number). */
  corrected: z.strictObject({ score: z.number(), interval: intervalSchema }).optional(),
  /**
   * Items of the cell answered (a stored output; a failed item is no answer), and items the
   * cell plans. Fewer answers than items: a partial cell, whose unanswered items count against it.
   */
  responded: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /**
   * A category cell's scoring units, so cells of one model's runs on different categories can
   * be pooled into an overall score computed from the items: value selection's [precision,
   * recall] per scored story, value extraction's [verdict sum, verdicts counted] per story.
   * Task 1 pools from `outcomes` alone.
   */
  units: z.array(z.tuple([z.number(), z.number()])).optional()
});
export type AggregateCell = z.infer<typeof aggregateCellSchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const runAggregateSchema = z.strictObject({
  runId: z.string().min(1),
  scorerVersion: z.string().min(1),
  /** The run's `updatedAt` when this was computed: a later change makes it stale. */
  runUpdatedAt: z.string(),
  origin: z.enum(ORIGINS),
  task: taskSchema,
  status: z.enum(RUN_STATUSES),
  createdAt: z.string(),
  identity: rowIdentitySchema,
  dataset: z.strictObject({ id: z.string(), name: z.string(), sha256: sha256Schema }),
  categories: z.array(z.string().min(1)),
  /** Every category of the run's dataset: the whole split an overall cell stands for. */
  split: z.array(z.string().min(1)),
  judge: z
    .strictObject({
      judgingId: z.string().min(1),
      provider: z.string(),
      model: z.string(),
      host: z.string().optional(),
      samples: z.number().int().positive()
    })
    .optional(),
  /** Items the run plans, and those answered (a stored output). */
  total: z.number().int().nonnegative(),
  responded: z.number().int().nonnegative(),
  cells: z.array(aggregateCellSchema),
  /** Why the run has no cells: its dataset changed or is gone, or it has no judging yet. */
  problem: z.string().optional()
});
export type RunAggregate = z.infer<typeof runAggregateSchema>;

const hashes = new WeakMap<RunDataset['categories'], Promise<string>>();

/**
 * `datasetHash`, remembered per categories object: many runs are scored against one loaded
 * dataset, and hashing a large one each time would cost more than scoring. Datasets are never
 * changed in place, so the object identifies its content.
 */
export function datasetHashOf(dataset: RunDataset): Promise<string> {
  let hash = hashes.get(dataset.categories);
  if (hash === undefined) hashes.set(dataset.categories, (hash = datasetHash(dataset.categories)));
  return hash;
}

/** A stored run as the leaderboard needs it: where it stands and its raw material. */
export interface RunInput extends RunMaterial {
  id: string;
  /**
   * Every category of the run's dataset. A run gets an overall cell only when it covers all
   * of them: "overall" always means the whole split, never one category.
   */
  split: readonly string[];
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
}

type Head = Omit<RunAggregate, 'cells' | 'total' | 'responded'>;

async function headOf(input: Omit<RunInput, 'dataset' | 'results'>, origin: Origin): Promise<Head> {
  const { config, judging } = input;
  const head: Head = {
    runId: input.id,
    scorerVersion: SCORER_VERSION,
    runUpdatedAt: input.updatedAt,
    origin,
    task: config.task,
    status: input.status,
    createdAt: input.createdAt,
    identity: await rowIdentity(config),
    dataset: { ...config.dataset },
    categories: [...config.categories],
    split: [...input.split]
  };
  if (config.task === 'extraction' && judging !== undefined) {
    const j = judging.config.judge;
    head.judge = {
      judgingId: judging.id,
      provider: j.provider,
      model: j.model,
      samples: judging.config.samples
    };
    const host = hostOf(j.baseUrl);
    if (host !== undefined) head.judge.host = host;
  }
  return head;
}

/**
 * An aggregate without scores: the run's dataset could not be loaded (`problem` says why).
 * Kept apart so the leaderboard can still list the run.
 */
export async function failedAggregate(
  input: Omit<RunInput, 'dataset' | 'results'>,
  problem: string,
  origin: Origin = 'local'
): Promise<RunAggregate> {
  return { ...(await headOf(input, origin)), total: 0, responded: 0, cells: [], problem };
}

/** Scores a stored run into its leaderboard cells: one per category and one OVERALL. */
export async function computeRunAggregate(
  input: RunInput,
  origin: Origin = 'local'
): Promise<{ aggregate: RunAggregate; scored?: ScoredRun }> {
  const head = await headOf(input, origin);
  if ((await datasetHashOf(input.dataset)) !== input.config.dataset.sha256) {
    const problem = `the dataset ${input.config.dataset.name} has changed since this run was made`;
    return { aggregate: { ...head, total: 0, responded: 0, cells: [], problem } };
  }
  let scored: ScoredRun;
  try {
    scored = scoreRun(input);
  } catch (e) {
    // A dataset without the task's files for one of the run's categories, say.
    const problem = `it cannot be scored: ${e instanceof Error ? e.message : String(e)}`;
    return { aggregate: { ...head, total: 0, responded: 0, cells: [], problem } };
  }
  const keys = new Set(scored.keys);
  const responded = answeredKeys(input).filter((k) => keys.has(k)).length;
  const base = { ...head, total: scored.keys.length, responded };
  if (scored.task === 'extraction' && !scored.judged)
    return { aggregate: { ...base, cells: [], problem: 'not judged yet' }, scored };
  // A failed item has a stored result but no answer: a run of failures has no score, not 0.
  if (responded === 0) return { aggregate: { ...base, cells: [], problem: 'no item was answered' }, scored };
  const whole = input.split.every((c) => input.config.categories.includes(c));
  const cells = withResponses(cellsOf(input, scored), input, scored).filter(
    (c) => whole || c.category !== OVERALL
  );
  // A judging whose every verdict is unreadable has no score; it is said, never shown as 0.
  if (cells.length === 0) return { aggregate: { ...base, cells, problem: 'no readable verdict' }, scored };
  return { aggregate: { ...base, cells }, scored };
}

/** Keys of the items with an answer: a stored output (a failed item is stored without one). */
function answeredKeys(input: RunInput): string[] {
  return input.results.flatMap((r) => (r.output === null ? [] : [r.itemKey]));
}

function categoriesOf(dataset: RunDataset): string[] {
  return Object.keys(dataset.categories);
}

function cellsOf(input: RunInput, scored: ScoredRun): ScoredCell[] {
  const categories = categoriesOf(input.dataset);
  if (scored.task === 'attitude') {
    const s = scored.summary;
    const overall = cell('attitude', OVERALL, s.accuracy, s.accuracyInterval, s.n, s.coverage, s.outcomes);
    return [...categories.map((c) => attitudeCell(scored, c)), overall];
  }
  if (scored.task === 'selection') {
    const s = scored.summary;
    const overall = cell('selection', OVERALL, s.f1, s.f1Interval, s.n, s.coverage, s.outcomes);
    const outputs = outputsInOrder(scored.keys, input.results);
    const items = selectionItemsOf(input.dataset);
    const reasoning = input.config.prompt.reasoning;
    return [
      ...categories.map((category) => {
        // The category on its own, through the same scorer, so its F1 of means is the release's.
        const picked = scored.items.flatMap((item, i) => (item.category === category ? [i] : []));
        const c = summarizeSelection(
          picked.map((i) => outputs[i] ?? null),
          picked.map((i) => items[i]!),
          { reasoning }
        );
        const units = c.items.flatMap((s): [number, number][] =>
          s.skipped ? [] : [[s.precision, s.recall]]
        );
        return { ...cell('selection', category, c.f1, c.f1Interval, c.n, c.coverage, c.outcomes), units };
      }),
      overall
    ];
  }
  const gold = extractionGold(input.dataset);
  const perCategory = categories.map((c) => {
    const summary = summarizeExtractionOf(
      input,
      gold.filter((g) => g.category === c)
    );
    const out = extractionCell(summary, c);
    return out === undefined ? undefined : { ...out, units: judgeUnits(summary) };
  });
  return [...perCategory, extractionCell(scored.summary, OVERALL)].filter(
    (c): c is ScoredCell => c !== undefined
  );
}

type ScoredCell = Omit<AggregateCell, 'responded' | 'total'>;

/** [sum of counted verdicts, verdicts counted] per story with a counted verdict. */
function judgeUnits(s: Extract<ScoredRun, { task: 'extraction' }>['summary']): [number, number][] {
  return s.items.flatMap((item): [number, number][] => {
    const counted = item.values.flatMap((v) => (v.final === null ? [] : [v.final]));
    return counted.length === 0 ? [] : [[counted.reduce<number>((a, b) => a + b, 0), counted.length]];
  });
}

/**
 * Says how many of each cell's items were answered, and drops category cells with no answer:
 * a category the run never reached has no score, not a score of 0.
 */
function withResponses(cells: readonly ScoredCell[], input: RunInput, scored: ScoredRun): AggregateCell[] {
  const stored = new Set(answeredKeys(input));
  const count = (category: string): { responded: number; total: number } => {
    let responded = 0;
    let total = 0;
    for (const item of scored.items) {
      if (category !== OVERALL && item.category !== category) continue;
      total++;
      if (stored.has(item.key)) responded++;
    }
    return { responded, total };
  };
  return cells
    .map((c) => ({ ...c, ...count(c.category) }))
    .filter((c) => c.category === OVERALL || c.responded > 0);
}

function cell(
  task: Task,
  category: string,
  score: number,
  interval: Interval,
  n: number,
  coverage: number,
  outcomes: Record<Outcome, number>
): ScoredCell {
  return { task, category, metric: METRIC_OF[task], score, interval, n, coverage, outcomes: { ...outcomes } };
}

function attitudeCell(scored: Extract<ScoredRun, { task: 'attitude' }>, category: string): ScoredCell {
  const outcomes: Record<Outcome, number> = { correct: 0, wrong: 0, unparseable: 0, error: 0 };
  let n = 0;
  for (const item of scored.items) {
    if (item.category !== category || item.outcome === null) continue;
    n++;
    outcomes[item.outcome]++;
  }
  const correct = outcomes.correct;
  const answered = outcomes.correct + outcomes.wrong;
  return cell(
    'attitude',
    category,
    n === 0 ? 0 : correct / n,
    wilson(correct, n),
    n,
    n === 0 ? 0 : answered / n,
    outcomes
  );
}

/** Undefined when no verdict of the category could be read: there is no score to show. */
function extractionCell(
  s: Extract<ScoredRun, { task: 'extraction' }>['summary'],
  category: string
): ScoredCell | undefined {
  if (s.score === null || s.scoreInterval === null) return undefined;
  const out = cell('extraction', category, s.score, s.scoreInterval, s.n, s.verdictCoverage, s.outcomes);
  const corrected = s.corrected;
  if (corrected !== undefined && corrected.score !== null && corrected.scoreInterval !== null)
    out.corrected = { score: corrected.score, interval: { ...corrected.scoreInterval } };
  return out;
}

/** A stored aggregate, validated; undefined when it no longer has the expected shape. */
export function readAggregate(data: unknown): RunAggregate | undefined {
  const parsed = runAggregateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
