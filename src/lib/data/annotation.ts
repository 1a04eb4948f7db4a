import {
  assignmentFile,
  buildProject,
  resultsFile,
  type AnnotationProject,
  type ProjectSpec,
  type StoryForAnnotation
} from '$lib/core/annotation/project';
import { mergeResults } from '$lib/core/annotation/merge';
import { isLabelStudioExport, labelStudioAsResults } from '$lib/core/annotation/label-studio';
import { adjudicate } from '$lib/core/annotation/adjudication';
import { checkRunStoryKey, modelVerdictsOf } from '$lib/core/annotation/model-verdicts';
import { readCheckRunText } from '$lib/core/checks/check-run-file';
import { datasetHash } from '$lib/core/dataset/hash';
import { assignmentFileSchema, type CheckLabel, type ValueLabel } from '$lib/core/annotation/schema';
import type { CheckKind } from '$lib/core/checks/check-templates';
import { parseValue } from '$lib/core/formats/values';
import { describeIssue, FormatError, parseJsonText } from '$lib/core/format-error';
import { database } from '$lib/storage/instance';
import { userMessage } from '$lib/core/user-message';
import {
  getProject,
  getWork,
  listProjects,
  listWork,
  putWork,
  saveProject,
  workKey,
  type AnnotationWork
} from '$lib/storage/annotation';
import { loadDataset } from './datasets';
import { loadRunDataset } from './load-run-dataset';

export type { AnnotationProject, AnnotationWork };

/** Everything the /annotate page lists: the lead's projects and the annotator's assignments. */
export async function annotationOverview(): Promise<{
  projects: AnnotationProject[];
  broken: string[];
  work: AnnotationWork[];
}> {
  const [{ projects, broken }, work] = await Promise.all([listProjects(database), listWork(database)]);
  return { projects, broken, work };
}

/** The stories of a dataset's categories, with their gold values, for a project to draw from. */
export async function storiesForAnnotation(
  datasetId: string,
  categories: readonly string[]
): Promise<StoryForAnnotation[]> {
  const dataset = await loadDataset(datasetId);
  if (!dataset) throw new Error(`there is no dataset "${datasetId}" in this browser`);
  return dataset.categories
    .filter((c) => categories.length === 0 || categories.includes(c.name))
    .flatMap((c) =>
      c.stories.map((story) => ({
        storyId: story.id ?? story.key,
        category: c.name,
        index: story.index,
        text: story.text,
        // A value that does not read would shift every later value's number: refuse the story.
        values: story.values.map((v) => {
          const value = parseValue(v, c.name === 'multiple');
          if (value === undefined)
            throw new Error(`${story.key}: the value "${v}" does not read as statement--attitude`);
          return value;
        })
      }))
    );
}

/**
 * Creates a project. With a check run file (as `cqbench check` writes it), the checking model's
 * verdicts go into the assignment files, to be revealed after each story is submitted; the run
 * must have checked this dataset in this very version (its recorded hash), or it is refused.
 */
export async function createProject(
  spec: ProjectSpec,
  categories: readonly string[],
  checkRunFile?: { name: string; text: string }
): Promise<AnnotationProject> {
  let pool = await storiesForAnnotation(spec.dataset, categories);
  let checkRun: ProjectSpec['checkRun'];
  if (checkRunFile) {
    const run = readCheckRunText(checkRunFile.name, checkRunFile.text);
    const { dataset } = await loadRunDataset(spec.dataset, run.config.categories);
    if (
      run.config.dataset.id !== spec.dataset ||
      (await datasetHash(dataset.categories)) !== run.config.dataset.sha256
    )
      throw new FormatError(
        checkRunFile.name,
        '',
        `the check run was made on ${run.config.dataset.name}, not this version of the stories to annotate`
      );
    const verdicts = modelVerdictsOf(
      run,
      pool.map((s) => ({ ...s, story: s.index }))
    );
    pool = pool.map((s) => {
      const model = verdicts.get(checkRunStoryKey(s.category, s.index));
      return model === undefined ? s : { ...s, model };
    });
    checkRun = { id: run.id, model: run.config.model.model };
  }
  const project = await buildProject(
    { ...spec, ...(checkRun === undefined ? {} : { checkRun }) },
    pool,
    new Date(),
    crypto.randomUUID()
  );
  await saveProject(database, project);
  return project;
}

export function loadProject(id: string): Promise<AnnotationProject | undefined> {
  return getProject(database, id);
}

/** The JSON text of one annotator's assignment file. */
export function assignmentJson(project: AnnotationProject, annotator: string): string {
  return JSON.stringify(assignmentFile(project, annotator), null, 2);
}

/**
 * Merges annotators' results files into the project, all or nothing: on any refused file the
 * project is unchanged and the messages say which file and why.
 */
export async function importResults(
  projectId: string,
  files: readonly { name: string; text: string }[]
): Promise<{ ok: true; project: AnnotationProject } | { ok: false; errors: string[] }> {
  const project = await getProject(database, projectId);
  if (!project) return { ok: false, errors: ['this project is no longer in this browser'] };
  // A Label Studio export becomes one results file per annotator, merged like any other.
  let expanded: { name: string; text: string }[];
  try {
    expanded = files.flatMap((f) => (isLabelStudioExport(f) ? labelStudioAsResults(project.id, f) : [f]));
  } catch (e) {
    return { ok: false, errors: [userMessage(e)] };
  }
  const outcome = mergeResults(
    {
      id: project.id,
      annotators: project.annotators,
      checks: project.checks,
      stories: new Map(
        project.stories.map((s) => [s.storyId, { textHash: s.textHash, valueCount: s.values.length }])
      )
    },
    expanded
  );
  if (!outcome.ok) return outcome;
  const clash = [...outcome.labels.keys()].filter((a) => project.results[a] !== undefined);
  if (clash.length > 0)
    return {
      ok: false,
      errors: clash.map(
        (a) => `${outcome.files.get(a) ?? a}: results of "${a}" were already imported into this project`
      )
    };
  const updated = { ...project, results: { ...project.results, ...Object.fromEntries(outcome.labels) } };
  await saveProject(database, updated);
  return { ok: true, project: updated };
}

/** Opens an assignment file in this browser (or returns the work already begun on it). */
export async function openAssignment(file: string, text: string): Promise<AnnotationWork> {
  const parsed = assignmentFileSchema.safeParse(parseJsonText(file, text));
  if (!parsed.success) {
    const { where, detail } = describeIssue(parsed.error, 'story');
    throw new FormatError(file, where, detail);
  }
  const key = workKey(parsed.data.projectId, parsed.data.annotator);
  const existing = await getWork(database, key);
  if (existing) return existing;
  const work: AnnotationWork = {
    key,
    assignment: parsed.data,
    labels: [],
    submitted: [],
    position: 0,
    updatedAt: new Date().toISOString()
  };
  await putWork(database, work);
  return work;
}

export function loadWork(key: string): Promise<AnnotationWork | undefined> {
  return getWork(database, key);
}

/**
 * Sets one label and saves at once. Before a story is submitted this is the blind label; after,
 * it is the revision (the blind label stays as it was submitted).
 */
export async function setLabel(
  work: AnnotationWork,
  storyIndex: number,
  valueIndex: number,
  check: CheckKind,
  label: CheckLabel
): Promise<AnnotationWork> {
  const story = work.assignment.stories[storyIndex]!;
  const submitted = work.submitted.includes(story.storyId);
  const same = (l: ValueLabel) =>
    l.storyId === story.storyId && l.valueIndex === valueIndex && l.check === check;
  const existing = work.labels.find(same);
  let next: ValueLabel;
  if (!submitted || !existing)
    next = { storyId: story.storyId, textHash: story.textHash, valueIndex, check, blind: label };
  else next = { ...existing, revised: label };
  const updated = {
    ...work,
    labels: [...work.labels.filter((l) => !same(l)), next],
    updatedAt: new Date().toISOString()
  };
  await putWork(database, updated);
  return updated;
}

/** Fixes a story's blind labels (every value under every check must be labelled first). */
export async function submitStory(work: AnnotationWork, storyIndex: number): Promise<AnnotationWork> {
  const story = work.assignment.stories[storyIndex]!;
  const missing: string[] = [];
  story.values.forEach((_v, valueIndex) => {
    for (const check of work.assignment.checks)
      if (
        !work.labels.some(
          (l) => l.storyId === story.storyId && l.valueIndex === valueIndex && l.check === check
        )
      )
        missing.push(`value ${valueIndex + 1} ${check}`);
  });
  if (missing.length > 0) throw new FormatError(story.storyId, '', `still to label: ${missing.join(', ')}`);
  if (work.submitted.includes(story.storyId)) return work;
  const updated = {
    ...work,
    submitted: [...work.submitted, story.storyId],
    updatedAt: new Date().toISOString()
  };
  await putWork(database, updated);
  return updated;
}

export async function moveTo(work: AnnotationWork, position: number): Promise<AnnotationWork> {
  const updated = { ...work, position, updatedAt: new Date().toISOString() };
  await putWork(database, updated);
  return updated;
}

/** The JSON text of the annotator's results file (submitted stories only). */
export function resultsJson(work: AnnotationWork): string {
  const labels = work.labels.filter((l) => work.submitted.includes(l.storyId));
  return JSON.stringify(resultsFile(work.assignment, labels), null, 2);
}

/** Sets the final label of an item the annotators disagreed on, with the reason, and saves it. */
export async function adjudicateItem(
  projectId: string,
  key: string,
  verdict: 'pass' | 'fail',
  reason: string
): Promise<AnnotationProject> {
  const project = await getProject(database, projectId);
  if (!project) throw new Error('this project is no longer in this browser');
  const updated = adjudicate(project, key, verdict, reason, new Date());
  await saveProject(database, updated);
  return updated;
}
