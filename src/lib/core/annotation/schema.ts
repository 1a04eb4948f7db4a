import { z } from 'zod';
import { CHECK_KINDS } from '../checks/check-templates';
import { valueSchema } from '../schema/value';

/**
 * Files of the annotation workspace. There is no server: a lead writes one assignment file per
 * annotator, each annotator works in their own browser and exports a results file, and the lead
 * merges the results. Every file carries the project id, the annotator and each story's text
 * hash, so a label is only ever counted for the story version it was given on.
 */
export const ANNOTATION_FORMAT_VERSION = 1;

export const checkKindSchema = z.enum(CHECK_KINDS);

/** A stretch of the story text an annotator marked as evidence: offsets and the quoted text. */
export const evidenceSpanSchema = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(0), quote: z.string() })
  .refine((s) => s.end > s.start, { error: 'a span must end after it starts' });
export type EvidenceSpan = z.infer<typeof evidenceSpanSchema>;

/** `pass` = reflected / not contradicted / implicit, in the checks' own sense. */
export const humanVerdictSchema = z.enum(['pass', 'fail']);

export const checkLabelSchema = z.object({
  verdict: humanVerdictSchema,
  /** For a failed consistency check: the character who contradicts the value. */
  character: z.string().min(1).optional(),
  evidence: z.array(evidenceSpanSchema).default([]),
  note: z.string().optional()
});
export type CheckLabel = z.infer<typeof checkLabelSchema>;

/** What a checking model said about one value, revealed to the annotator after they submit. */
export const modelVerdictSchema = z.object({
  verdict: humanVerdictSchema.optional(),
  reasoning: z.string().optional(),
  quotes: z.array(z.object({ speech: z.string(), character: z.string().optional() })).default([])
});

export const assignedStorySchema = z.object({
  storyId: z.string().min(1),
  category: z.string().min(1),
  /** SHA-256 of `text`. */
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
  text: z.string().min(1),
  values: z.array(valueSchema).min(1),
  /** Per check, per value: shown only after the story is submitted. */
  model: z.partialRecord(checkKindSchema, z.array(modelVerdictSchema)).optional()
});
export type AssignedStory = z.infer<typeof assignedStorySchema>;

export const assignmentFileSchema = z.object({
  format: z.literal('cqbench-annotation-assignment'),
  version: z.literal(ANNOTATION_FORMAT_VERSION),
  projectId: z.string().min(1),
  projectName: z.string().min(1),
  dataset: z.string().min(1),
  checks: z.array(checkKindSchema).min(1),
  annotator: z.string().min(1),
  stories: z.array(assignedStorySchema).min(1)
});
export type AssignmentFile = z.infer<typeof assignmentFileSchema>;

/** One annotator's labels for one value under one check, before and after the reveal. */
export const valueLabelSchema = z.object({
  storyId: z.string().min(1),
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
  valueIndex: z.number().int().min(0),
  check: checkKindSchema,
  /** Submitted before the model's verdicts were shown. */
  blind: checkLabelSchema,
  /** After the reveal; absent when the annotator did not revise. */
  revised: checkLabelSchema.optional()
});
export type ValueLabel = z.infer<typeof valueLabelSchema>;

export const resultsFileSchema = z.object({
  format: z.literal('cqbench-annotation-results'),
  version: z.literal(ANNOTATION_FORMAT_VERSION),
  projectId: z.string().min(1),
  annotator: z.string().min(1),
  labels: z.array(valueLabelSchema)
});
export type ResultsFile = z.infer<typeof resultsFileSchema>;

/** The final label an adjudicator set for one value under one check, and why. */
export const adjudicationSchema = z.object({
  verdict: humanVerdictSchema,
  reason: z.string().trim().min(1),
  at: z.string()
});
export type Adjudication = z.infer<typeof adjudicationSchema>;

/** An annotator's final label: the revised one when they revised, else the blind one. */
export function finalLabel(label: ValueLabel): CheckLabel {
  return label.revised ?? label.blind;
}
