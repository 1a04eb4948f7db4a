import { describeIssue, parseJsonText } from '../format-error';
import type { CheckKind } from '../checks/check-templates';
import { resultsFileSchema, type ValueLabel } from './schema';

/** What the lead's project knows, against which results files are checked. */
export interface ProjectForMerge {
  id: string;
  annotators: readonly string[];
  checks: readonly CheckKind[];
  /** Story id → its text hash and number of values, for every story of the project. */
  stories: ReadonlyMap<string, { textHash: string; valueCount: number }>;
}

export type MergeOutcome =
  | {
      ok: true;
      labels: Map<string, ValueLabel[]>;
      /** Annotator → the file their labels came from. */
      files: Map<string, string>;
    }
  | { ok: false; errors: string[] };

/**
 * Merges several annotators' results files, all or nothing: a malformed file, a file of another
 * project, a label for another version of a story, a value or check the project does not have,
 * or two files from one annotator refuse the whole merge, each error naming the file and the
 * reason. Returns labels by annotator.
 */
export function mergeResults(
  project: ProjectForMerge,
  files: readonly { name: string; text: string }[]
): MergeOutcome {
  const errors: string[] = [];
  const labels = new Map<string, ValueLabel[]>();
  const seenIn = new Map<string, string>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = parseJsonText(file.name, file.text);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
      continue;
    }
    const parsed = resultsFileSchema.safeParse(raw);
    if (!parsed.success) {
      const { where, detail } = describeIssue(parsed.error, 'label');
      errors.push(
        `${file.name}: not a results file of this tool${where ? ` (${where}: ${detail})` : `: ${detail}`}`
      );
      continue;
    }
    const results = parsed.data;
    if (results.projectId !== project.id) {
      errors.push(`${file.name}: it belongs to another project (${results.projectId})`);
      continue;
    }
    if (!project.annotators.includes(results.annotator)) {
      errors.push(`${file.name}: "${results.annotator}" is not an annotator of this project`);
      continue;
    }
    const earlier = seenIn.get(results.annotator);
    if (earlier !== undefined) {
      errors.push(`${file.name}: "${results.annotator}" already has results in ${earlier}`);
      continue;
    }
    seenIn.set(results.annotator, file.name);
    const problems = results.labels.flatMap((label, i) => labelProblems(project, label, i));
    const keys = new Set<string>();
    results.labels.forEach((label, i) => {
      const key = `${label.storyId} value ${label.valueIndex + 1} ${label.check}`;
      if (keys.has(key)) problems.push(`label ${i}: a second label for ${key}`);
      keys.add(key);
    });
    if (problems.length > 0) {
      errors.push(...problems.slice(0, 5).map((p) => `${file.name}: ${p}`));
      if (problems.length > 5) errors.push(`${file.name}: and ${problems.length - 5} more`);
      continue;
    }
    labels.set(results.annotator, results.labels);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, labels, files: seenIn };
}

function labelProblems(project: ProjectForMerge, label: ValueLabel, i: number): string[] {
  const where = `label ${i}`;
  const story = project.stories.get(label.storyId);
  if (!story) return [`${where}: story "${label.storyId}" is not in this project`];
  if (story.textHash !== label.textHash)
    return [`${where}: story "${label.storyId}" was labelled on another version of its text`];
  if (label.valueIndex >= story.valueCount)
    return [`${where}: story "${label.storyId}" has no value ${label.valueIndex + 1}`];
  if (!project.checks.includes(label.check)) return [`${where}: the project does not label ${label.check}`];
  return [];
}
