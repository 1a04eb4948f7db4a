import { z } from 'zod';
import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import { locateQuote } from '../checks/locate-quote';
import { describeIssue } from '../format-error';
import type { AssignedStory, EvidenceSpan, ValueLabel } from './schema';

/**
 * Answers of a checker who sees the gold values (a model instance working from a markdown
 * sheet): per story, per value, per check a verdict and verbatim quotes from the story. They are
 * turned into the annotation workspace's own labels, each quote located in the story text.
 */

/** Each check's two verdicts as the sheet words them; the first is the check's pass. */
export const ANSWER_VERDICTS = {
  incorporation: ['yes', 'no'],
  consistency: ['yes', 'no'],
  implicitness: ['yes', 'too explicit']
} as const satisfies Record<CheckKind, readonly [string, string]>;

const checkAnswerSchema = z.object({
  verdict: z.string().trim().min(1),
  /** Verbatim from the story: where the value shows, contradicts or is stated outright. */
  quotes: z.array(z.string()).default([]),
  /** Consistency "no": the character whose words or actions go against the value. */
  character: z.string().trim().min(1).optional(),
  note: z.string().optional()
});

const valueAnswerSchema = z.object({
  /** 1-based, as the sheet numbers the values. */
  value: z.number().int().min(1),
  incorporation: checkAnswerSchema,
  consistency: checkAnswerSchema,
  implicitness: checkAnswerSchema
});

/** `{ "hard-social-01": [ { "value": 1, "incorporation": {...}, ... }, ... ], ... }` */
export const checkerAnswersSchema = z.record(z.string(), z.array(valueAnswerSchema));
export type CheckerAnswers = z.infer<typeof checkerAnswersSchema>;

export type AnswersOutcome = { ok: true; labels: ValueLabel[] } | { ok: false; errors: string[] };

/**
 * Turns one checker's answers for a set of stories into labels, all or nothing: every story
 * given must be answered, every value once, every check with a known verdict and (except an
 * incorporation "no", where nothing shows) at least one quote, every quote found in the story
 * text (exactly, else ignoring whitespace, quote marks and case). Each error names the story,
 * the value and the quote or field.
 */
export function answersToLabels(stories: readonly AssignedStory[], raw: unknown): AnswersOutcome {
  const parsed = checkerAnswersSchema.safeParse(raw);
  if (!parsed.success) {
    const { where, detail } = describeIssue(parsed.error, 'story');
    return {
      ok: false,
      errors: [`answers are not in the sheet's shape (${where ? `${where}: ` : ''}${detail})`]
    };
  }
  const answers = parsed.data;
  const errors: string[] = [];
  const known = new Set(stories.map((s) => s.storyId));
  for (const id of Object.keys(answers)) if (!known.has(id)) errors.push(`${id}: not a story of this sheet`);
  const labels: ValueLabel[] = [];
  for (const story of stories) {
    const given = answers[story.storyId];
    if (given === undefined) {
      errors.push(`${story.storyId}: no answers`);
      continue;
    }
    const byValue = new Map<number, (typeof given)[number]>();
    for (const answer of given) {
      if (answer.value > story.values.length)
        errors.push(`${story.storyId}: there is no value ${answer.value} (it has ${story.values.length})`);
      else if (byValue.has(answer.value))
        errors.push(`${story.storyId} value ${answer.value}: answered twice`);
      else byValue.set(answer.value, answer);
    }
    story.values.forEach((_v, valueIndex) => {
      const answer = byValue.get(valueIndex + 1);
      const where = `${story.storyId} value ${valueIndex + 1}`;
      if (answer === undefined) {
        errors.push(`${where}: no answer`);
        return;
      }
      for (const check of CHECK_KINDS) {
        const label = checkLabel(story.text, answer[check], check, `${where} ${check}`, errors);
        if (label !== undefined)
          labels.push({
            storyId: story.storyId,
            textHash: story.textHash,
            valueIndex,
            check,
            blind: label
          });
      }
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, labels };
}

function checkLabel(
  text: string,
  answer: z.infer<typeof checkAnswerSchema>,
  check: CheckKind,
  where: string,
  errors: string[]
): ValueLabel['blind'] | undefined {
  const [pass, fail] = ANSWER_VERDICTS[check];
  const verdict = answer.verdict.toLowerCase();
  if (verdict !== pass && verdict !== fail) {
    errors.push(`${where}: verdict "${answer.verdict}" is neither "${pass}" nor "${fail}"`);
    return undefined;
  }
  const failed = verdict === fail;
  const before = errors.length;
  if (check === 'consistency' && failed && answer.character === undefined)
    errors.push(`${where}: a "no" must name the character who contradicts the value`);
  const quotes = answer.quotes.filter((q) => q.trim() !== '');
  if (quotes.length === 0 && !(check === 'incorporation' && failed))
    errors.push(`${where}: give at least one quote from the story as evidence`);
  const evidence: EvidenceSpan[] = [];
  for (const quote of quotes) {
    const span = locateEvidence(text, quote);
    if (span === undefined) errors.push(`${where}: quote not found in the story: "${quote}"`);
    else evidence.push(span);
  }
  if (errors.length > before) return undefined;
  return {
    verdict: failed ? 'fail' : 'pass',
    ...(check === 'consistency' && failed && answer.character !== undefined
      ? { character: answer.character }
      : {}),
    evidence,
    ...(answer.note === undefined || answer.note.trim() === '' ? {} : { note: answer.note.trim() })
  };
}

/**
 * A quote's span in the story: the exact text, else a match ignoring runs of whitespace, quote
 * marks and letter case. A merely similar passage is not accepted: evidence must be the
 * story's own words.
 */
export function locateEvidence(text: string, quote: string): EvidenceSpan | undefined {
  const found = locateQuote(text, quote);
  if (found === undefined || found.how === 'longest-common-substring') return undefined;
  return { start: found.start, end: found.end, quote: text.slice(found.start, found.end) };
}
