import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import { UserError } from '../user-message';
import type { AnnotationProject } from './project';
import { finalLabel, type Adjudication, type CheckLabel } from './schema';

type Verdict = 'pass' | 'fail';

/** `storyId#valueIndex#check`: one item people label and an adjudicator may decide. */
export function itemKey(storyId: string, valueIndex: number, check: CheckKind): string {
  return `${storyId}#${valueIndex}#${check}`;
}

/** One annotator's final label (after any revision) on an item. */
export interface ItemLabel {
  annotator: string;
  label: CheckLabel;
}

export interface ItemLabels {
  key: string;
  storyId: string;
  category: string;
  valueIndex: number;
  check: CheckKind;
  labels: ItemLabel[];
}

/** Every labelled item of a project, with each annotator's final label, in story order. */
export function labelledItems(project: AnnotationProject): ItemLabels[] {
  const byKey = new Map<string, ItemLabel[]>();
  for (const [annotator, list] of Object.entries(project.results))
    for (const label of list) {
      const key = itemKey(label.storyId, label.valueIndex, label.check);
      const labels = byKey.get(key) ?? [];
      labels.push({ annotator, label: finalLabel(label) });
      byKey.set(key, labels);
    }
  return project.stories.flatMap((story) =>
    story.values.flatMap((_v, valueIndex) =>
      CHECK_KINDS.filter((c) => project.checks.includes(c)).flatMap((check) => {
        const key = itemKey(story.storyId, valueIndex, check);
        const labels = byKey.get(key);
        return labels === undefined
          ? []
          : [{ key, storyId: story.storyId, category: story.category, valueIndex, check, labels }];
      })
    )
  );
}

/**
 * Agreement on one item: the share of annotator pairs that gave the same verdict (1 for a
 * single label, which no one contradicts).
 */
export function itemAgreement(labels: readonly ItemLabel[]): number {
  const n = labels.length;
  if (n < 2) return 1;
  let agreeing = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (labels[i]!.label.verdict === labels[j]!.label.verdict) agreeing++;
  return agreeing / ((n * (n - 1)) / 2);
}

export interface QueueItem extends ItemLabels {
  agreement: number;
  adjudication?: Adjudication;
}

/**
 * The adjudication queue: every item the annotators did not label unanimously, lowest agreement
 * first (then the item with more labels, then story, value and check order, so the queue is
 * the same on every reload). Items already decided stay in it, after the pending ones, so a
 * decision can be revisited.
 */
export function adjudicationQueue(project: AnnotationProject): QueueItem[] {
  const items = labelledItems(project);
  const order = new Map(items.map((item, i) => [item.key, i]));
  return items
    .map((item): QueueItem => {
      const adjudication = project.adjudications[item.key];
      return {
        ...item,
        agreement: itemAgreement(item.labels),
        ...(adjudication === undefined ? {} : { adjudication })
      };
    })
    .filter((item) => item.agreement < 1)
    .sort(
      (a, b) =>
        Number(a.adjudication !== undefined) - Number(b.adjudication !== undefined) ||
        a.agreement - b.agreement ||
        b.labels.length - a.labels.length ||
        order.get(a.key)! - order.get(b.key)!
    );
}

/**
 * Records the adjudicator's final label on an item people disagreed on. A reason is required:
 * the final label of an item without one would be unexplained.
 */
export function adjudicate(
  project: AnnotationProject,
  key: string,
  verdict: Verdict,
  reason: string,
  now: Date
): AnnotationProject {
  const item = adjudicationQueue(project).find((i) => i.key === key);
  if (item === undefined) throw new UserError(`"${key}" is not an item the annotators disagreed on`);
  if (reason.trim() === '') throw new UserError('Give the reason for this final label.');
  return {
    ...project,
    adjudications: {
      ...project.adjudications,
      [key]: { verdict, reason: reason.trim(), at: now.toISOString() }
    }
  };
}

/** How an item's final label was reached, or that it has none yet. */
export type FinalStatus = 'unanimous' | 'adjudicated' | 'undecided';

export interface FinalLabel {
  valueIndex: number;
  check: CheckKind;
  status: FinalStatus;
  /** Absent while undecided. */
  verdict?: Verdict;
  /** How many annotators labelled the item. */
  annotators: number;
  /** The adjudicator's reason, for an adjudicated label. */
  reason?: string;
}

export interface StoryFinalLabels {
  storyId: string;
  category: string;
  textHash: string;
  /** One per value and check of the project, in value then check order. */
  labels: FinalLabel[];
}

/**
 * Per story of a project, the final label of every value under every check: unanimous when
 * every annotator who labelled it agreed, adjudicated when the adjudicator decided it, else
 * undecided (no labels yet, or a disagreement still in the queue). A story's validation status
 * is read from these.
 */
export function finalLabels(project: AnnotationProject): StoryFinalLabels[] {
  const items = new Map(labelledItems(project).map((item) => [item.key, item]));
  return project.stories.map((story) => ({
    storyId: story.storyId,
    category: story.category,
    textHash: story.textHash,
    labels: story.values.flatMap((_v, valueIndex) =>
      CHECK_KINDS.filter((c) => project.checks.includes(c)).map((check): FinalLabel => {
        const key = itemKey(story.storyId, valueIndex, check);
        const labels = items.get(key)?.labels ?? [];
        const decided = project.adjudications[key];
        const base = { valueIndex, check, annotators: labels.length };
        if (decided !== undefined)
          return { ...base, status: 'adjudicated', verdict: decided.verdict, reason: decided.reason };
        const verdicts = new Set(labels.map((l) => l.label.verdict));
        const [only] = verdicts;
        if (labels.length > 0 && verdicts.size === 1 && only !== undefined)
          return { ...base, status: 'unanimous', verdict: only };
        return { ...base, status: 'undecided' };
      })
    )
  }));
}
