import { z } from 'zod';
import { SeededRandom } from '../random';
import { sha256Hex } from '../text/sha256';
import type { CheckKind } from '../checks/check-templates';
import type { Value } from '../schema/value';
import { assignStories, type Overlap } from './assign';
import {
  adjudicationSchema,
  ANNOTATION_FORMAT_VERSION,
  assignedStorySchema,
  checkKindSchema,
  valueLabelSchema,
  type AssignedStory,
  type AssignmentFile,
  type ResultsFile,
  type ValueLabel
} from './schema';

/** A lead's annotation project, as kept in the lead's browser. */
export const annotationProjectSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  dataset: z.string().min(1),
  createdAt: z.string(),
  seed: z.string(),
  checks: z.array(checkKindSchema).min(1),
  annotators: z.array(z.string().min(1)).min(1),
  overlap: z.union([
    z.object({ kind: z.literal('all'), perStory: z.number().int().min(1) }),
    z.object({
      kind: z.literal('subset'),
      perStory: z.number().int().min(1),
      share: z.number().min(0).max(1)
    })
  ]),
  stories: z.array(assignedStorySchema).min(1),
  /** Annotator → the story ids in their assignment file. */
  assignments: z.record(z.string(), z.array(z.string())),
  /** Merged results by annotator, once the lead has imported them. */
  results: z.record(z.string(), z.array(valueLabelSchema)).default({}),
  /** The check run whose verdicts the annotators see after submitting, when one was given. */
  checkRun: z.object({ id: z.string().min(1), model: z.string().min(1) }).optional(),
  /** Final labels the adjudicator set, by item key (`storyId#valueIndex#check`). */
  adjudications: z.record(z.string(), adjudicationSchema).default({})
});
export type AnnotationProject = z.infer<typeof annotationProjectSchema>;

/** A story offered to a project: its id, category, text and gold values. */
export interface StoryForAnnotation {
  storyId: string;
  category: string;
  /** 0-based position within its category, where a check run finds it. */
  index: number;
  text: string;
  values: Value[];
  /** A check run's verdicts on the story, revealed after submission. */
  model?: AssignedStory['model'];
}

export interface ProjectSpec {
  name: string;
  dataset: string;
  checks: CheckKind[];
  annotators: string[];
  overlap: Overlap;
  /** How many stories to draw (all when larger than the pool). */
  count: number;
  seed: string;
  /** The check run to validate: its verdicts go into the assignment files. */
  checkRun?: { id: string; model: string };
}

/** Draws the stories (seeded), hashes their texts and deals them to the annotators. */
export async function buildProject(
  spec: ProjectSpec,
  pool: readonly StoryForAnnotation[],
  now: Date,
  id: string
): Promise<AnnotationProject> {
  const annotators = spec.annotators.map((a) => a.trim()).filter((a) => a !== '');
  if (pool.length === 0) throw new RangeError('there are no stories to annotate in this choice');
  const rng = new SeededRandom(`${spec.seed}#stories`);
  const drawn = rng.shuffle(pool).slice(0, Math.min(spec.count, pool.length));
  const stories: AssignedStory[] = await Promise.all(
    drawn.map(async (s) => ({
      storyId: s.storyId,
      category: s.category,
      text: s.text,
      textHash: await sha256Hex(s.text),
      values: s.values,
      ...(s.model === undefined ? {} : { model: s.model })
    }))
  );
  const assignments = assignStories(
    stories.map((s) => s.storyId),
    annotators,
    spec.overlap,
    `${spec.seed}#assign`
  );
  return {
    id,
    name: spec.name.trim() || 'Annotation project',
    dataset: spec.dataset,
    createdAt: now.toISOString(),
    seed: spec.seed,
    checks: spec.checks,
    annotators,
    overlap: spec.overlap,
    stories,
    assignments: Object.fromEntries(assignments),
    results: {},
    ...(spec.checkRun === undefined ? {} : { checkRun: spec.checkRun }),
    adjudications: {}
  };
}

/** The file a lead hands one annotator. */
export function assignmentFile(project: AnnotationProject, annotator: string): AssignmentFile {
  const ids = new Set(project.assignments[annotator] ?? []);
  return {
    format: 'cqbench-annotation-assignment',
    version: ANNOTATION_FORMAT_VERSION,
    projectId: project.id,
    projectName: project.name,
    dataset: project.dataset,
    checks: project.checks,
    annotator,
    stories: project.stories.filter((s) => ids.has(s.storyId))
  };
}

/** The file an annotator sends back: their labels, bound to the project and story versions. */
export function resultsFile(assignment: AssignmentFile, labels: readonly ValueLabel[]): ResultsFile {
  return {
    format: 'cqbench-annotation-results',
    version: ANNOTATION_FORMAT_VERSION,
    projectId: assignment.projectId,
    annotator: assignment.annotator,
    labels: [...labels]
  };
}
