import { readPromptAsk, majorityBaselineFor, uniformRandomBaseline } from '../models/baselines';
import type { ChatModel } from '../ports';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../prompts/templates';
import { planForConfig } from '../runner/plan-config';
import type { RunItem } from '../runner/plan';
import type { ReportedFigures } from '../schema/reported';
import { DEFAULT_SAMPLING, type ItemResult, type RunConfig, type Task } from '../schema/run';
import { scoreAttitudeItem } from '../scoring/attitude';
import {
  attitudeQuestionsOf,
  selectionItemsOf,
  type ClassicTask,
  type RunDataset
} from '../dataset/run-dataset';
import { Z95, type Interval } from '../scoring/intervals';
import { SubstringMatcher } from '../scoring/lcs';
import { scoreSelectionItem, type SelectionItemScore } from '../scoring/selection';
import { computeRunAggregate, datasetHashOf, METRIC_OF, type AggregateCell } from './aggregate';
import { f1OfMeans } from '../scoring/selection-summary';
import { cellKey, OVERALL } from './identity';
import { rowDataset, type LeaderboardRow, type RowCell, type RowDataset } from './leaderboard';

/** The paper's task names in `paper-reported.json`. */
const REPORTED_TASK: Record<ReportedFigures['rows'][number]['task'], Task> = {
  'attitude-detection': 'attitude',
  'value-selection': 'selection',
  'value-extraction': 'extraction'
};

export const SETTING_NOT_STATED = 'setting not stated';

/**
 * The paper's figures as marked rows, one per model. The paper does not say the category or
 * prompt setting behind them, so each sits in its task's overall column, without an interval.
 */
export function reportedRows(figures: ReportedFigures): LeaderboardRow[] {
  const rows = new Map<string, LeaderboardRow>();
  for (const figure of figures.rows) {
    const key = `reported|${figure.model}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        key,
        kind: 'reported',
        label: figure.model,
        provider: '',
        note: `${SETTING_NOT_STATED}; reported in the paper`,
        source: figures.source,
        cells: {},
        runIds: []
      };
      rows.set(key, row);
    }
    const task = REPORTED_TASK[figure.task];
    row.cells[cellKey(task, OVERALL)] = {
      task,
      category: OVERALL,
      metric: figure.metric,
      score: figure.value,
      interval: null,
      n: null,
      coverage: null,
      candidates: 1,
      where: figure.where
    };
  }
  return [...rows.values()];
}

/** Seeded runs of the uniform-random baseline averaged for value selection. */
export const UNIFORM_SELECTION_RUNS = 20;

async function referenceConfig(dataset: RunDataset, task: ClassicTask, model: string): Promise<RunConfig> {
  return {
    task,
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHashOf(dataset) },
    categories: Object.keys(dataset.categories),
    prompt: { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT, templateHash: '0'.repeat(64) },
    model: { provider: 'baseline', model },
    sampling: DEFAULT_SAMPLING,
    environment: { appVersion: 'reference' },
    createdAt: new Date(0).toISOString()
  };
}

async function answer(model: ChatModel, items: readonly RunItem[]): Promise<ItemResult[]> {
  const finishedAt = new Date(0).toISOString();
  return Promise.all(
    items.map(async (item): Promise<ItemResult> => {
      const response = await model.complete({ messages: item.messages, sampling: DEFAULT_SAMPLING });
      return { itemKey: item.key, output: response.text, latencyMs: 0, attempts: 1, finishedAt };
    })
  );
}

/** The cells of one baseline run: the baseline model answers every item, the scorer scores it. */
async function baselineCells(
  dataset: RunDataset,
  task: ClassicTask,
  model: ChatModel
): Promise<AggregateCell[]> {
  const config = await referenceConfig(dataset, task, model.identity.model);
  const results = await answer(model, planForConfig(config, dataset, DEFAULT_TEMPLATES));
  const at = config.createdAt;
  const { aggregate } = await computeRunAggregate({
    id: `reference-${model.identity.model}`,
    split: Object.keys(dataset.categories),
    status: 'done',
    createdAt: at,
    updatedAt: at,
    config,
    dataset,
    results
  });
  return aggregate.cells;
}

function toRowCell(c: AggregateCell): RowCell {
  return {
    task: c.task,
    category: c.category,
    metric: c.metric,
    score: c.score,
    interval: c.interval,
    n: c.n,
    coverage: c.coverage,
    candidates: 1
  };
}

/**
 * Task 1 under uniform random choice, exactly: every option the baseline can answer (as it
 * reads them from the prompt) is scored with the release's rules, and a question's chance of
 * being correct is the share of its options scored correct. The interval is where 95% of
 * uniform-random runs fall (normal approximation to the sum of those chances).
 */
async function uniformAttitudeCells(dataset: RunDataset): Promise<RowCell[]> {
  const config = await referenceConfig(dataset, 'attitude', 'uniform-random');
  const items = planForConfig(config, dataset, DEFAULT_TEMPLATES);
  const questions = attitudeQuestionsOf(dataset);
  const matcher = new SubstringMatcher();
  const byCategory = new Map<string, { sum: number; variance: number; n: number }>();
  items.forEach((item, i) => {
    const ask = readPromptAsk(item.messages.findLast((m) => m.role === 'user')?.content ?? '');
    if (ask?.task !== 'attitude') throw new Error(`the uniform-random baseline cannot read item ${item.key}`);
    const correct = ask.options.filter(
      (o) => scoreAttitudeItem(o, questions[i]!, false, matcher).correct
    ).length;
    const p = correct / ask.options.length;
    for (const category of [item.category, OVERALL]) {
      const acc = byCategory.get(category) ?? { sum: 0, variance: 0, n: 0 };
      acc.sum += p;
      acc.variance += p * (1 - p);
      acc.n++;
      byCategory.set(category, acc);
    }
  });
  return [...byCategory].map(([category, { sum, variance, n }]) => {
    const score = sum / n;
    const half = (Z95 * Math.sqrt(variance)) / n;
    return {
      task: 'attitude',
      category,
      metric: METRIC_OF.attitude,
      score,
      interval: { low: Math.max(0, score - half), high: Math.min(1, score + half) },
      n,
      coverage: 1,
      candidates: 1
    };
  });
}

/**
 * Task 2 under uniform random choice: F1 of means is not linear, so its expectation is taken
 * over `runs` seeded runs of the real baseline through the release's item scorer. Only each
 * run's F1 is needed, so no run gets a bootstrap interval of its own. The bar spans the lowest
 * to the highest of those runs' scores (with 20 runs, percentiles would be no better).
 */
async function uniformSelectionCells(dataset: RunDataset, runs: number): Promise<RowCell[]> {
  const config = await referenceConfig(dataset, 'selection', 'uniform-random');
  const items = planForConfig(config, dataset, DEFAULT_TEMPLATES);
  const gold = selectionItemsOf(dataset);
  const matcher = new SubstringMatcher();
  const scores = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    const results = await answer(uniformRandomBaseline(`reference-${r}`), items);
    const byCategory = new Map<string, SelectionItemScore[]>([[OVERALL, []]]);
    items.forEach((item, i) => {
      const score = scoreSelectionItem(results[i]!.output, gold[i]!, false, matcher);
      byCategory.get(OVERALL)!.push(score);
      const list = byCategory.get(item.category);
      if (list) list.push(score);
      else byCategory.set(item.category, [score]);
    });
    for (const [category, list] of byCategory) {
      const f1s = scores.get(category) ?? [];
      f1s.push(f1OfMeans(list));
      scores.set(category, f1s);
    }
  }
  return [...scores].map(([category, f1s]): RowCell => {
    const n = items.filter((item) => category === OVERALL || item.category === category).length;
    const range: Interval = { low: Math.min(...f1s), high: Math.max(...f1s) };
    return {
      task: 'selection',
      category,
      metric: METRIC_OF.selection,
      score: f1s.reduce((s, v) => s + v, 0) / f1s.length,
      interval: range,
      intervalKind: `range of ${runs} seeded runs`,
      n,
      coverage: 1,
      candidates: 1
    };
  });
}

function row(
  key: string,
  label: string,
  note: string,
  cells: readonly RowCell[],
  dataset: RowDataset
): LeaderboardRow {
  return {
    key: `reference|${dataset.id}|${key}`,
    dataset,
    kind: 'reference',
    label,
    provider: 'baseline',
    rowKind: 'baseline',
    note,
    cells: Object.fromEntries(cells.map((c) => [cellKey(c.task, c.category), c])),
    runIds: []
  };
}

/**
 * Chance reference rows for a dataset: uniform random choice and the majority attitude, each
 * scored on the dataset's own items with plain zero-shot prompts (a baseline answers the same
 * with reasoning prompts). Tasks whose files the dataset lacks are left out.
 */
export async function baselineReferenceRows(
  dataset: RunDataset,
  tasks: readonly ClassicTask[] = ['attitude', 'selection'],
  { selectionRuns = UNIFORM_SELECTION_RUNS }: { selectionRuns?: number } = {}
): Promise<LeaderboardRow[]> {
  // The rows depend only on the items, so each dataset content is scored once per page load.
  const key = JSON.stringify([await datasetHashOf(dataset), dataset.id, dataset.name, tasks, selectionRuns]);
  let rows = computed.get(key);
  if (rows === undefined) {
    rows = referenceRowsOf(dataset, tasks, selectionRuns);
    computed.set(key, rows);
    // A failure is not remembered: the next call tries again.
    rows.catch(() => computed.delete(key));
  }
  return structuredClone(await rows);
}

const computed = new Map<string, Promise<LeaderboardRow[]>>();

async function referenceRowsOf(
  dataset: RunDataset,
  tasks: readonly ClassicTask[],
  selectionRuns: number
): Promise<LeaderboardRow[]> {
  const files = Object.values(dataset.categories);
  const has = (task: ClassicTask): boolean =>
    tasks.includes(task) &&
    files.length > 0 &&
    files.every((f) => (task === 'attitude' ? f.setting1 !== undefined : f.setting2 !== undefined));
  const uniform: RowCell[] = [];
  const majority: RowCell[] = [];
  if (has('attitude')) {
    uniform.push(...(await uniformAttitudeCells(dataset)));
    majority.push(
      ...(await baselineCells(dataset, 'attitude', majorityBaselineFor(dataset, 'attitude'))).map((c) =>
        toRowCell(c)
      )
    );
  }
  if (has('selection')) {
    uniform.push(...(await uniformSelectionCells(dataset, selectionRuns)));
    majority.push(
      ...(await baselineCells(dataset, 'selection', majorityBaselineFor(dataset, 'selection'))).map((c) =>
        toRowCell(c)
      )
    );
  }
  if (uniform.length === 0) return [];
  const on = rowDataset(dataset);
  return [
    row(
      'uniform-random',
      'Uniform random (expected)',
      `chance: an option picked uniformly at random (task 1 exactly; task 2 the mean of ${selectionRuns} seeded runs, the bar from their lowest to their highest score)`,
      uniform,
      on
    ),
    row(
      'majority',
      'Majority attitude',
      "always the dataset's most frequent gold attitude among the options (seeing the gold labels' counts)",
      majority,
      on
    )
  ];
}
