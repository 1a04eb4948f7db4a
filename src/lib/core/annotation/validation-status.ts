import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import { finalLabels } from './adjudication';
import type { AnnotationProject } from './project';

/** One value of a story under one check, as people finally judged it. */
export interface DecidedItem {
  valueIndex: number;
  check: CheckKind;
  verdict: 'pass' | 'fail';
  how: 'unanimous' | 'adjudicated';
  /** The project whose labels decided it. */
  project: string;
}

/**
 * What people's validation says of one version of a story (its text hash): it passed every
 * check on every value, failed some (named), or is not validated yet (some value or check has
 * no final label: unlabelled, or a disagreement still waiting for adjudication).
 */
export type ValidationStatus =
  | { kind: 'passed'; decided: DecidedItem[] }
  | { kind: 'failed'; failures: DecidedItem[]; decided: DecidedItem[] }
  | { kind: 'pending'; decided: DecidedItem[]; needed: number };

/** Where a story's status is kept: a story id and the text version its labels bind to. */
export const versionKey = (storyId: string, textHash: string): string => `${storyId}@${textHash}`;

/**
 * The validation status of every story version the dataset's projects labelled. Final labels
 * come from each project's annotators (unanimous) or adjudicator; when two projects decided the
 * same value and check, the later project's label counts. A story needs all three checks on all
 * of its values to pass; one failed item fails it. Stories no project labelled are absent.
 */
export function validationStatuses(
  projects: readonly AnnotationProject[],
  datasetId: string
): Map<string, ValidationStatus> {
  const ordered = projects
    .filter((p) => p.dataset === datasetId)
    .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt));
  const stories = new Map<string, { values: number; items: Map<string, DecidedItem> }>();
  for (const project of ordered) {
    const valueCounts = new Map(project.stories.map((s) => [s.storyId, s.values.length]));
    for (const story of finalLabels(project)) {
      const key = versionKey(story.storyId, story.textHash);
      let entry = stories.get(key);
      if (entry === undefined) {
        entry = { values: valueCounts.get(story.storyId) ?? 0, items: new Map() };
        stories.set(key, entry);
      }
      for (const label of story.labels) {
        if (label.status === 'undecided' || label.verdict === undefined) continue;
        entry.items.set(`${label.valueIndex}#${label.check}`, {
          valueIndex: label.valueIndex,
          check: label.check,
          verdict: label.verdict,
          how: label.status,
          project: project.id
        });
      }
    }
  }
  const out = new Map<string, ValidationStatus>();
  for (const [key, { values, items }] of stories) {
    const decided = [...items.values()].sort(
      (a, b) => a.valueIndex - b.valueIndex || CHECK_KINDS.indexOf(a.check) - CHECK_KINDS.indexOf(b.check)
    );
    const failures = decided.filter((d) => d.verdict === 'fail');
    const needed = values * CHECK_KINDS.length;
    out.set(
      key,
      failures.length > 0
        ? { kind: 'failed', failures, decided }
        : decided.length === needed && needed > 0
          ? { kind: 'passed', decided }
          : { kind: 'pending', decided, needed }
    );
  }
  return out;
}

/** The status as one short line: "passed all checks", "failed: value 2 consistency", ... */
export function describeStatus(status: ValidationStatus | undefined): string {
  if (status === undefined) return 'not yet validated';
  if (status.kind === 'passed') return 'passed all checks';
  if (status.kind === 'failed')
    return `failed: ${status.failures.map((f) => `value ${f.valueIndex + 1} ${f.check}`).join(', ')}`;
  return `not yet validated (${status.decided.length} of ${status.needed} value checks decided)`;
}
