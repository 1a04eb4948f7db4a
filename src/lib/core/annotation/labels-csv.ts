import { csvText } from '../analysis/csv';
import { CHECK_KINDS } from '../checks/check-templates';
import { formatValue } from '../formats/values';
import { finalLabels, itemKey } from './adjudication';
import type { AnnotationProject } from './project';
import { finalLabel, type CheckLabel } from './schema';

export const LABEL_COLUMNS = [
  'project_id',
  'story_id',
  'category',
  'story_text_sha256',
  'value',
  'value_text',
  'check',
  'annotator',
  'label_before_reveal',
  'label_final',
  'changed_after_reveal',
  'character',
  'evidence_offsets',
  'evidence_quotes',
  'note',
  'item_final_label',
  'item_final_status'
] as const;

const word = (verdict: 'pass' | 'fail' | undefined): string => verdict ?? '';

/**
 * A project's labels in long form: one row per story × value × check × annotator, in story,
 * value, check and annotator order. `value` counts from 1 as the app shows it; the evidence
 * is the annotator's final label's, offsets as `start-end` (into the story text) joined by `;`
 * and the quotes one a line in the same order; `item_final_*` is the item's final label across
 * annotators (unanimous, adjudicated or undecided).
 */
export function labelsCsv(project: AnnotationProject): string {
  const finals = new Map(
    finalLabels(project).flatMap((story) =>
      story.labels.map((l) => [itemKey(story.storyId, l.valueIndex, l.check), l] as const)
    )
  );
  const byItem = new Map<string, { annotator: string; blind: CheckLabel; final: CheckLabel }[]>();
  for (const annotator of [...project.annotators].sort())
    for (const label of project.results[annotator] ?? []) {
      const key = itemKey(label.storyId, label.valueIndex, label.check);
      const rows = byItem.get(key) ?? [];
      rows.push({ annotator, blind: label.blind, final: finalLabel(label) });
      byItem.set(key, rows);
    }
  const rows: (string | number)[][] = [];
  for (const story of project.stories)
    story.values.forEach((value, valueIndex) => {
      for (const check of CHECK_KINDS.filter((c) => project.checks.includes(c))) {
        const key = itemKey(story.storyId, valueIndex, check);
        const item = finals.get(key);
        for (const { annotator, blind, final } of byItem.get(key) ?? [])
          rows.push([
            project.id,
            story.storyId,
            story.category,
            story.textHash,
            valueIndex + 1,
            formatValue(value),
            check,
            annotator,
            word(blind.verdict),
            word(final.verdict),
            String(blind.verdict !== final.verdict),
            final.character ?? '',
            final.evidence.map((s) => `${s.start}-${s.end}`).join(';'),
            final.evidence.map((s) => s.quote).join('\n'),
            final.note ?? '',
            word(item?.verdict),
            item?.status ?? 'undecided'
          ]);
      }
    });
  return csvText(LABEL_COLUMNS, rows);
}
