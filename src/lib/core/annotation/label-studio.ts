import { z } from 'zod';
import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import { formatValue } from '../formats/values';
import { describeIssue, FormatError, parseJsonText } from '../format-error';
import type { NamedText } from '../formats/bundle';
import {
  ANNOTATION_FORMAT_VERSION,
  finalLabel,
  type AssignedStory,
  type EvidenceSpan,
  type ResultsFile,
  type ValueLabel
} from './schema';

/**
 * Label Studio's task JSON, one task per story value: the story text under `data.text`, each
 * check a `choices` result (`Yes`/`No`, from the check's own name) and evidence a `labels`
 * result with character offsets. People's labels travel as `annotations` (one per annotator,
 * `completed_by` their name), a checking model's verdicts as `predictions`.
 */

const CHOICE: Record<'pass' | 'fail', string> = { pass: 'Yes', fail: 'No' };
const EVIDENCE = 'evidence';

const resultSchema = z.object({
  from_name: z.string(),
  to_name: z.string(),
  type: z.string(),
  value: z.object({
    choices: z.array(z.string()).optional(),
    start: z.number().int().min(0).optional(),
    end: z.number().int().min(0).optional(),
    text: z.string().optional(),
    labels: z.array(z.string()).optional()
  })
});
type Result = z.infer<typeof resultSchema>;

const taskSchema = z.object({
  data: z.object({
    text: z.string(),
    story_id: z.string().min(1),
    text_hash: z.string().regex(/^[0-9a-f]{64}$/),
    value_index: z.number().int().min(0),
    value: z.string()
  }),
  annotations: z
    .array(z.object({ completed_by: z.union([z.string(), z.number()]), result: z.array(resultSchema) }))
    .default([]),
  predictions: z
    .array(z.object({ model_version: z.string().optional(), result: z.array(resultSchema) }))
    .default([])
});
export type LabelStudioTask = z.infer<typeof taskSchema>;

function results(
  label: { verdict: 'pass' | 'fail'; evidence: readonly EvidenceSpan[] },
  check: CheckKind
): Result[] {
  return [
    { from_name: check, to_name: 'text', type: 'choices', value: { choices: [CHOICE[label.verdict]] } },
    ...label.evidence.map((span) => ({
      from_name: `${check}_${EVIDENCE}`,
      to_name: 'text',
      type: 'labels',
      value: { start: span.start, end: span.end, text: span.quote, labels: [EVIDENCE] }
    }))
  ];
}

/** Tasks for every value of the stories, with each annotator's final labels and the model's verdicts. */
export function toLabelStudio(
  stories: readonly AssignedStory[],
  labels: ReadonlyMap<string, readonly ValueLabel[]>,
  modelName: string
): LabelStudioTask[] {
  return stories.flatMap((story) =>
    story.values.map((value, valueIndex) => {
      const annotations = [...labels].flatMap(([annotator, list]) => {
        const mine = list.filter((l) => l.storyId === story.storyId && l.valueIndex === valueIndex);
        return mine.length === 0
          ? []
          : [{ completed_by: annotator, result: mine.flatMap((l) => results(finalLabel(l), l.check)) }];
      });
      const predicted = CHECK_KINDS.flatMap((check) => {
        const verdict = story.model?.[check]?.[valueIndex]?.verdict;
        return verdict === undefined ? [] : results({ verdict, evidence: [] }, check);
      });
      return {
        data: {
          text: story.text,
          story_id: story.storyId,
          text_hash: story.textHash,
          value_index: valueIndex,
          value: formatValue(value)
        },
        annotations,
        predictions: predicted.length === 0 ? [] : [{ model_version: modelName, result: predicted }]
      };
    })
  );
}

/**
 * People's labels from a Label Studio export, by annotator. Label Studio has no reveal step, so
 * each label is a blind one. Any task that cannot be read refuses the whole file.
 */
export function fromLabelStudio(file: string, text: string): Map<string, ValueLabel[]> {
  const parsed = z.array(taskSchema).safeParse(parseJsonText(file, text));
  if (!parsed.success) {
    const { where, detail } = describeIssue(parsed.error, 'task');
    throw new FormatError(file, where, detail);
  }
  const out = new Map<string, ValueLabel[]>();
  parsed.data.forEach((task, t) => {
    for (const annotation of task.annotations) {
      const annotator = String(annotation.completed_by);
      for (const check of CHECK_KINDS) {
        const choice = annotation.result.find((r) => r.from_name === check && r.type === 'choices');
        if (!choice) continue;
        const word = choice.value.choices?.[0];
        const verdict = word === CHOICE.pass ? 'pass' : word === CHOICE.fail ? 'fail' : undefined;
        if (verdict === undefined)
          throw new FormatError(file, `task ${t}, ${check}`, `"${word ?? ''}" is neither Yes nor No`);
        const evidence = annotation.result
          .filter(
            (r) =>
              r.from_name === `${check}_${EVIDENCE}` &&
              r.value.start !== undefined &&
              r.value.end !== undefined
          )
          .map((r) => ({
            start: r.value.start!,
            end: r.value.end!,
            quote: r.value.text ?? task.data.text.slice(r.value.start, r.value.end)
          }));
        const list = out.get(annotator) ?? [];
        list.push({
          storyId: task.data.story_id,
          textHash: task.data.text_hash,
          valueIndex: task.data.value_index,
          check,
          blind: { verdict, evidence }
        });
        out.set(annotator, list);
      }
    }
  });
  return out;
}

/**
 * A Label Studio export as this project's results files, one per annotator (named after the
 * export and the annotator), so that it goes through the same all-or-nothing merge as files
 * from the app: another project's stories, another version of a story's text or a name that is
 * not one of the project's annotators are refused there, naming the file.
 */
export function labelStudioAsResults(projectId: string, file: NamedText): NamedText[] {
  return [...fromLabelStudio(file.name, file.text)].map(([annotator, labels]) => ({
    name: `${file.name} (${annotator})`,
    text: JSON.stringify({
      format: 'cqbench-annotation-results',
      version: ANNOTATION_FORMAT_VERSION,
      projectId,
      annotator,
      labels
    } satisfies ResultsFile)
  }));
}

/** Label Studio exports are a JSON array of tasks; the app's results files are one object. */
export const isLabelStudioExport = (file: NamedText): boolean => file.text.trimStart().startsWith('[');
