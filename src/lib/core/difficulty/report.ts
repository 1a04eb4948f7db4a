import { countInTenths } from '../scoring/selection-summary';
import { UserError } from '../user-message';
import type { ReaderStory, ReaderTask } from './reader-stories';

/**
 * `too-explicit`: every reader run that answered the story solved it perfectly (likely said
 * outright). `unsolved`: none got any of it right (possibly unsolvable: annotate it first).
 */
export type DifficultyFlag = 'too-explicit' | 'unsolved';

export const FLAG_WORDS: Readonly<Record<DifficultyFlag, string>> = {
  'too-explicit': 'too explicit',
  unsolved: 'unsolved'
};

/** One reader run: a model's completed task-1 or task-2 run on the dataset. */
export interface Reader {
  /** The run's id. */
  id: string;
  /** The model as the run names it. */
  model: string;
  task: ReaderTask;
  stories: readonly ReaderStory[];
}

/** A reader run's figure on one story. */
export interface StoryReading {
  reader: string;
  task: ReaderTask;
  items: number;
  answered: number;
  /** Null: not answered. */
  solve: number | null;
}

export interface StoryDifficulty {
  /** `category/index`, as the dataset's story list keys it. */
  key: string;
  /** Every reader run asked this story, answered or not, in reader order. */
  readings: StoryReading[];
  /** Reader runs with a figure on the story: what its solve rate and flag rest on. */
  readers: number;
  /** Mean strict attitude accuracy over the task-1 reader runs that answered; null if none did. */
  attitude: number | null;
  /** Mean selection F1 over the task-2 reader runs that answered; null if none did. */
  selection: number | null;
  /** Mean of every figure on the story; null when no reader run answered it. */
  solveRate: number | null;
  flag?: DifficultyFlag;
}

export interface ReaderSummary {
  id: string;
  model: string;
  task: ReaderTask;
  /** Stories the run was asked, and those it answered at least in part. */
  asked: number;
  answered: number;
}

export interface DifficultyReport {
  readers: ReaderSummary[];
  /** Every story given, in the given order. */
  stories: StoryDifficulty[];
  /** Stories with a solve rate, by tenths of it (0–0.1, …, 0.9–1). */
  histogram: number[];
  /** Stories with a solve rate, and those no reader run answered. */
  measured: number;
  notAnswered: number;
  flagged: Record<DifficultyFlag, number>;
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/** The flag of a story from its reader runs' figures (none when it has none). */
export function flagOf(figures: readonly number[]): DifficultyFlag | undefined {
  if (figures.length === 0) return undefined;
  if (figures.every((f) => f === 1)) return 'too-explicit';
  if (figures.every((f) => f === 0)) return 'unsolved';
  return undefined;
}

/**
 * Each story's solve rate and flag from the reader runs' figures. Stories a reader run was not
 * asked, or did not answer, rest on the others; a story none answered has no figure and no flag.
 */
export function difficultyReport(
  stories: readonly { key: string }[],
  readers: readonly Reader[]
): DifficultyReport {
  if (readers.length === 0)
    throw new UserError('difficulty needs at least one reader run: a completed attitude or selection run');
  const byStory = new Map<string, StoryReading[]>(stories.map((s) => [s.key, []]));
  const summaries = readers.map((reader): ReaderSummary => {
    let asked = 0;
    let answered = 0;
    for (const s of reader.stories) {
      const readings = byStory.get(s.key);
      // A run on other stories than these (another dataset's) says nothing about them.
      if (readings === undefined) continue;
      asked++;
      if (s.solve !== null) answered++;
      readings.push({
        reader: reader.id,
        task: reader.task,
        items: s.items,
        answered: s.answered,
        solve: s.solve
      });
    }
    return { id: reader.id, model: reader.model, task: reader.task, asked, answered };
  });
  const out = stories.map(({ key }): StoryDifficulty => {
    const readings = byStory.get(key) ?? [];
    const figures = (task?: ReaderTask): number[] =>
      readings.flatMap((r) => (r.solve === null || (task !== undefined && r.task !== task) ? [] : [r.solve]));
    const all = figures();
    const story: StoryDifficulty = {
      key,
      readings,
      readers: all.length,
      attitude: mean(figures('attitude')),
      selection: mean(figures('selection')),
      solveRate: mean(all)
    };
    const flag = flagOf(all);
    if (flag !== undefined) story.flag = flag;
    return story;
  });
  const rates = out.flatMap((s) => (s.solveRate === null ? [] : [s.solveRate]));
  return {
    readers: summaries,
    stories: out,
    histogram: countInTenths(rates),
    measured: rates.length,
    notAnswered: out.length - rates.length,
    flagged: {
      'too-explicit': out.filter((s) => s.flag === 'too-explicit').length,
      unsolved: out.filter((s) => s.flag === 'unsolved').length
    }
  };
}

/** Each flagged story's flag, by story key: what the story list filters by. */
export function flagsOf(report: DifficultyReport): ReadonlyMap<string, DifficultyFlag> {
  const flags = new Map<string, DifficultyFlag>();
  for (const s of report.stories) if (s.flag !== undefined) flags.set(s.key, s.flag);
  return flags;
}
