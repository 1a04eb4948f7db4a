import {
  buildCheckPrompt,
  CHECK_KINDS,
  DEFAULT_CHECK_TEMPLATES,
  type CheckKind,
  type CheckTemplate
} from '../checks/check-templates';
import { parseCheckReply, type ValueCheck } from '../checks/parse-check';
import { summariseSamples, type SampleSummary } from '../checks/samples';
import type { RunItem } from '../runner/plan';
import type { RunDataset } from '../dataset/run-dataset';
import { parseValue } from '../formats/values';
import type { Value } from '../schema/value';
import type { RunKind } from './run-kind';

/** A story to check: its place in the dataset, its text and the values it was written to show. */
export interface CheckStory {
  category: string;
  /** Index of the story in its category. */
  story: number;
  text: string;
  values: readonly Value[];
}

export interface CheckRunInput {
  stories: readonly CheckStory[];
  /** The checks to run, each once per sample. */
  checks: readonly CheckKind[];
  /** Calls per story and check: the release runs each check 3 times. */
  samples: number;
  templates?: Record<CheckKind, CheckTemplate>;
}

/**
 * The stories of a dataset with their values, read from its value-extraction (original) files,
 * the files that hold each story with the values it was written to show.
 */
export function checkStoriesOf(dataset: RunDataset): CheckStory[] {
  return Object.entries(dataset.categories).flatMap(([category, files]) => {
    if (!files.original)
      throw new Error(`${dataset.name}: category ${category} has no dataset_${category}_original file`);
    return files.original.map((item, story) => ({
      category,
      story,
      text: item.story,
      // A value that does not read would shift every later value's number: refuse the story.
      values: item.values.map((v) => {
        const value = parseValue(v, category === 'multiple') ?? parseValue(v);
        if (value === undefined)
          throw new Error(`${category}/${story}: the value "${v}" does not read as statement--attitude`);
        return value;
      })
    }));
  });
}

/** `category/story/check#sample` (sample from 1): one call. */
export function checkItemKey(story: CheckStory, check: CheckKind, sample: number): string {
  return `${story.category}/${story.story}/${check}#${sample}`;
}

/** What one value's check came to over its samples, with the quotes each sample gave. */
export interface ValueCheckOutcome {
  verdicts: SampleSummary['perValue'][number];
  /** Every sample's parsed check (unreadable ones included, with their reason). */
  samples: ValueCheck[];
}

export interface StoryCheck {
  category: string;
  story: number;
  check: CheckKind;
  /** Samples with a stored reply. */
  answered: number;
  perValue: ValueCheckOutcome[];
  kappa: SampleSummary['kappa'];
  unanimousShare?: number;
}

/** Pass rates of one check over a group of values (a category, or all). */
export interface CheckRate {
  check: CheckKind;
  category: string;
  /** Values with a majority verdict. */
  decided: number;
  passed: number;
  /** `passed / decided`; undefined when nothing was decided. */
  passRate?: number;
  /** Values whose samples tie or are all unreadable: counted apart, never as pass or fail. */
  undecided: number;
  /** Sample verdicts that could not be read, after the engine asked again. */
  unreadableSamples: number;
  /** Quotes given as evidence that do not occur in the story (kept and flagged). */
  quotesNotFound: number;
}

export interface CheckRunSummary {
  stories: StoryCheck[];
  /** Per check: every category, then `all`. */
  rates: CheckRate[];
}

export const ALL_CATEGORIES = 'all';

/**
 * The construction recipe's three quality checks (incorporation, consistency, implicitness),
 * asked of any model: one call per story, check and sample. A reply whose verdicts cannot all be
 * read is asked again by the engine (the refused text is kept), and if it still cannot be read
 * its values count as unreadable, never as pass or fail.
 */
export const checkRunKind: RunKind<CheckRunInput, CheckRunSummary> = {
  id: 'check',
  store: 'results',
  plan: ({ stories, checks, samples, templates = DEFAULT_CHECK_TEMPLATES }) => {
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError('samples must be a whole number ≥ 1');
    const items: RunItem[] = [];
    for (const story of stories)
      for (const check of CHECK_KINDS.filter((c) => checks.includes(c)))
        for (let sample = 1; sample <= samples; sample++)
          items.push({
            key: checkItemKey(story, check, sample),
            category: story.category,
            story: story.story,
            messages: [
              { role: 'user', content: buildCheckPrompt(templates[check], story.text, story.values) }
            ],
            check: (reply) => unreadable(parseCheckReply(check, reply, story.values, story.text).values)
          });
    return items;
  },
  summarise: ({ stories, checks, samples }, results) => {
    const byKey = new Map(results.map((r) => [r.itemKey, r]));
    const storyChecks: StoryCheck[] = [];
    for (const story of stories)
      for (const check of CHECK_KINDS.filter((c) => checks.includes(c))) {
        const parsed: ValueCheck[][] = [];
        for (let sample = 1; sample <= samples; sample++) {
          const output = byKey.get(checkItemKey(story, check, sample))?.output;
          if (typeof output === 'string')
            parsed.push(parseCheckReply(check, output, story.values, story.text).values);
        }
        const summary = summariseSamples(parsed);
        storyChecks.push({
          category: story.category,
          story: story.story,
          check,
          answered: parsed.length,
          perValue: story.values.map((_, v) => ({
            verdicts: summary.perValue[v] ?? { pass: 0, fail: 0, unreadable: 0, unanimous: false },
            samples: parsed.map((p) => p[v]!)
          })),
          kappa: summary.kappa,
          ...(summary.unanimousShare === undefined ? {} : { unanimousShare: summary.unanimousShare })
        });
      }
    return { stories: storyChecks, rates: rates(storyChecks, checks) };
  }
};

/** Why a reply cannot be used (some value's verdict is unreadable), or undefined when it can. */
function unreadable(values: readonly ValueCheck[]): string | undefined {
  const bad = values.find((v): v is Extract<ValueCheck, { unparseable: string }> => 'unparseable' in v);
  return bad?.unparseable;
}

function rates(stories: readonly StoryCheck[], checks: readonly CheckKind[]): CheckRate[] {
  const categories = [...new Set(stories.map((s) => s.category))];
  return CHECK_KINDS.filter((c) => checks.includes(c)).flatMap((check) =>
    [...categories, ALL_CATEGORIES].map((category) => {
      const rate: CheckRate = {
        check,
        category,
        decided: 0,
        passed: 0,
        undecided: 0,
        unreadableSamples: 0,
        quotesNotFound: 0
      };
      for (const s of stories) {
        if (s.check !== check || (category !== ALL_CATEGORIES && s.category !== category)) continue;
        for (const value of s.perValue) {
          const { majority, unreadable: missing } = value.verdicts;
          if (majority === undefined) rate.undecided++;
          else {
            rate.decided++;
            if (majority === 'pass') rate.passed++;
          }
          rate.unreadableSamples += missing;
          rate.quotesNotFound += value.samples.flatMap((v) => v.quotes).filter((q) => !q.location).length;
        }
      }
      if (rate.decided > 0) rate.passRate = rate.passed / rate.decided;
      return rate;
    })
  );
}
