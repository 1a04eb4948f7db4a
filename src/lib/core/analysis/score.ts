import type { RunDataset } from '../dataset/run-dataset';
import { titleOf } from '../dataset/story-text';
import { attitudeQuestionsOf, planKeys, selectionItemsOf } from '../dataset/run-dataset';
import { extractionGold, summarizeExtraction, type ExtractionSummary } from '../extraction';
import type { LocatedQuestion } from '../formats/release';
import type { HumanVerdict, JudgingConfig } from '../schema/judging';
import type { ItemResult, RunConfig } from '../schema/run';
import { summarizeAttitude, type AttitudeSummary } from '../scoring/attitude-summary';
import type { Outcome } from '../scoring/outcome';
import { outputsInOrder } from '../scoring/run-results';
import { summarizeSelection, type SelectionSummary } from '../scoring/selection-summary';

/** A run's stored raw material: everything its scores are computed from. */
export interface RunMaterial {
  config: RunConfig;
  /** The run's categories only, as the run was asked on them. */
  dataset: RunDataset;
  results: readonly ItemResult[];
  /** Value extraction: the judging whose verdicts score the run. */
  judging?: StoredJudgingInput;
  /** Value extraction: people's verdicts, applied beside the judge's. */
  reviews?: readonly HumanVerdict[];
}

export interface StoredJudgingInput {
  id: string;
  config: JudgingConfig;
  results: readonly ItemResult[];
}

/** One item of a scored run, as a drill-down row or a per-item CSV line shows it. */
export interface ScoredItem {
  key: string;
  category: string;
  /** The story's index in its category, 0-based as in the item key (people see it plus one). */
  story: number;
  question?: number;
  /** The story's title (`**Title: ...**`), or '' when its text has none. */
  title: string;
  /** Task 1: the statement asked about (and whose attitude); empty for tasks 2 and 3. */
  prompt: string;
  /** The right answer: the gold attitude (task 1), or the gold values one a line (tasks 2, 3). */
  gold: string;
  /** The run has a stored result for the item (false: the run never got to it). */
  stored: boolean;
  /** The raw output; null when the item has no response. */
  output: string | null;
  /** The answer extracted from the output (task 3: the prediction); null without a response. */
  answer: string | null;
  /** What the answer was read as: the option (task 1), the chosen values one a line (task 2). */
  mapped: string | null;
  /** Null for a value-extraction story not scored yet (not judged, or its judge failed). */
  outcome: Outcome | null;
  /** The verdict in words: `correct`, `wrong`, `no answer`, `no response`, `F1 0.667`, `1, 0.5, 0`... */
  verdict: string;
  /** 1 or 0 (task 1), the story's F1 (task 2, null when skipped), the story's judge score (task 3). */
  score: number | null;
}

export type ScoredRun =
  | {
      task: 'attitude';
      keys: string[];
      summary: AttitudeSummary;
      questions: LocatedQuestion[];
      items: ScoredItem[];
    }
  | { task: 'selection'; keys: string[]; summary: SelectionSummary; items: ScoredItem[] }
  | {
      task: 'extraction';
      keys: string[];
      summary: ExtractionSummary;
      /** False when the run has no judging yet: every item then counts as not judged. */
      judged: boolean;
      items: ScoredItem[];
    };

function position(key: string): { key: string; category: string; story: number; question?: number } {
  const [category = '', story = '0', question] = key.split('/');
  const at = { key, category, story: Number(story) };
  return question === undefined ? at : { ...at, question: Number(question) };
}

/** Story titles by category, read once per scoring from the task's release file. */
function titles(dataset: RunDataset, task: RunConfig['task']): (category: string, story: number) => string {
  const cache = new Map<string, string[]>();
  return (category, story) => {
    let list = cache.get(category);
    if (list === undefined) {
      const files = dataset.categories[category];
      const stories =
        task === 'attitude' ? files?.setting1 : task === 'selection' ? files?.setting2 : files?.original;
      list = (stories ?? []).map((s) => titleOf(s.story) ?? '');
      cache.set(category, list);
    }
    return list[story] ?? '';
  };
}

function outcomeWord(outcome: Outcome): string {
  return outcome === 'error' ? 'no response' : outcome === 'unparseable' ? 'no answer' : outcome;
}

/** Scores a run from its raw outputs with the paper-compatible rules (and the judge's, for task 3). */
export function scoreRun(material: RunMaterial): ScoredRun {
  const { config, dataset, results } = material;
  const task = config.task;
  const keys = planKeys(dataset, task);
  const outputs = outputsInOrder(keys, results);
  const stored = new Set(results.map((r) => r.itemKey));
  const title = titles(dataset, task);
  const at = (key: string): ReturnType<typeof position> & { title: string } => {
    const p = position(key);
    return { ...p, title: title(p.category, p.story) };
  };
  if (task === 'attitude') {
    const questions = attitudeQuestionsOf(dataset);
    const summary = summarizeAttitude(outputs, questions, { reasoning: config.prompt.reasoning });
    const items = summary.items.map((s, i): ScoredItem => {
      const q = questions[i]!;
      const output = outputs[i] ?? null;
      return {
        ...at(keys[i]!),
        stored: stored.has(keys[i]!),
        prompt: q.character === undefined ? q.statement : `${q.statement} (${q.character})`,
        gold: q.gold,
        output,
        answer: output === null ? null : s.answer,
        mapped: s.option === undefined ? null : s.prediction,
        outcome: s.outcome,
        verdict: outcomeWord(s.outcome),
        score: s.correct ? 1 : 0
      };
    });
    return { task, keys, summary, questions, items };
  }
  if (task === 'selection') {
    const selection = selectionItemsOf(dataset);
    const summary = summarizeSelection(outputs, selection, {
      reasoning: config.prompt.reasoning
    });
    const items = summary.items.map((s, i): ScoredItem => {
      const output = outputs[i] ?? null;
      return {
        ...at(keys[i]!),
        stored: stored.has(keys[i]!),
        prompt: '',
        gold: selection[i]?.gold.join('\n') ?? '',
        output,
        answer: output === null ? null : s.text,
        mapped: s.skipped ? null : s.predicted.filter((v) => v !== '').join('\n'),
        outcome: s.outcome,
        verdict: s.skipped
          ? `skipped (${s.reason})`
          : s.outcome === 'error'
            ? 'no response'
            : `F1 ${s.f1.toFixed(3)}`,
        score: s.skipped ? null : s.f1
      };
    });
    return { task, keys, summary, items };
  }
  const gold = extractionGold(dataset);
  const summary = summarizeExtractionOf(material, gold);
  const goldOf = new Map(gold.map((g) => [g.key, g.gold.join('\n')]));
  const outputOf = new Map(keys.map((key, i) => [key, outputs[i] ?? null]));
  const items = summary.items.map((s): ScoredItem => {
    const output = outputOf.get(s.key) ?? null;
    const verdicts = s.values.map((v) => (v.final === null ? '?' : String(v.final)));
    return {
      ...at(s.key),
      stored: stored.has(s.key),
      prompt: '',
      gold: goldOf.get(s.key) ?? '',
      output,
      answer: s.prediction,
      mapped: null,
      outcome: s.outcome,
      verdict: s.status === 'scored' ? verdicts.join(', ') : s.status.replace('-', ' '),
      score: s.score
    };
  });
  return { task, keys, summary, judged: material.judging !== undefined, items };
}

/** Task 3 scores of some stories (all of them, or one category's). */
export function summarizeExtractionOf(
  material: RunMaterial,
  gold: ReturnType<typeof extractionGold>
): ExtractionSummary {
  const { judging, reviews } = material;
  return summarizeExtraction({
    gold,
    results: material.results,
    judgeResults: judging?.results ?? [],
    ...(reviews === undefined || reviews.length === 0 ? {} : { humanVerdicts: reviews }),
    ...(judging === undefined ? {} : { samples: judging.config.samples })
  });
}
