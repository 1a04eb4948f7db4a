import { resultsFileSchema, type ResultsFile, type ValueLabel } from './schema';
import { annotationProjectSchema, type AnnotationProject } from './project';
import { validate } from '../formats/release';
import { parseJsonText } from '../format-error';

/**
 * The hard split's validation, shipped with the data in `datasets/stories/hard/validation/`: one
 * annotation project (every story, all three checks, two checkers who see the gold values and
 * label every item) and one results file per checker. The checkers are language-model
 * instances, and their names say so.
 */
export const HARD_VALIDATION_PROJECT_ID = 'hard-split-validation';
export const HARD_VALIDATION_DIR = 'datasets/stories/hard/validation';
export const MODEL_CHECKERS = ['model checker A', 'model checker B'] as const;
export const HARD_VALIDATION_SEED = 'cqbench-hard-validation-v1';

/** `results-model-checker-a.json` for "model checker A". */
export function resultsFileName(checker: string): string {
  return `results-${checker.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`;
}
export const PROJECT_FILE_NAME = 'project.json';

export function readProjectFile(file: string, text: string): AnnotationProject {
  return validate(file, annotationProjectSchema, parseJsonText(file, text), 'field');
}

export function readResultsFile(file: string, text: string): ResultsFile {
  return validate(file, resultsFileSchema, parseJsonText(file, text), 'label');
}

/**
 * The project with its checkers' results attached. Labels given on another version of a story's
 * text (the story was rewritten since) or by someone who is not one of the project's checkers
 * are left out and counted: they validate a text the split no longer has.
 */
export function withResults(
  project: AnnotationProject,
  results: readonly ResultsFile[]
): { project: AnnotationProject; stale: number } {
  const hashes = new Map(project.stories.map((s) => [s.storyId, s.textHash]));
  const attached: Record<string, ValueLabel[]> = {};
  let stale = 0;
  for (const file of results) {
    if (file.projectId !== project.id)
      throw new Error(`results of ${file.annotator} belong to another project (${file.projectId})`);
    if (!project.annotators.includes(file.annotator))
      throw new Error(`"${file.annotator}" is not a checker of ${project.id}`);
    const current = file.labels.filter((l) => hashes.get(l.storyId) === l.textHash);
    stale += file.labels.length - current.length;
    attached[file.annotator] = current;
  }
  return { project: { ...project, results: attached }, stale };
}

/**
 * The project with only the labels of items every checker labelled: the split's validation
 * asks for two independent checkers, so one checker's verdict alone decides nothing (the story
 * stays "not yet validated" until the other has checked it too).
 */
export function labelledByEveryChecker(project: AnnotationProject): AnnotationProject {
  const key = (l: ValueLabel): string => `${l.storyId}#${l.valueIndex}#${l.check}`;
  const lists = project.annotators.map((a) => project.results[a] ?? []);
  const counts = new Map<string, number>();
  for (const list of lists)
    for (const label of list) counts.set(key(label), (counts.get(key(label)) ?? 0) + 1);
  const everyone = project.annotators.length;
  return {
    ...project,
    results: Object.fromEntries(
      Object.entries(project.results).map(([a, list]) => [
        a,
        list.filter((l) => counts.get(key(l)) === everyone)
      ])
    )
  };
}
