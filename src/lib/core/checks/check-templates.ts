import { sha256Hex } from '../text/sha256';
import type { Value } from '../schema/value';
import { formatValue } from '../formats/values';

/**
 * The three quality checks of the CQ-Bench construction recipe, as data like the task templates.
 * Each prompt gives the story and its values numbered `Value N: ...`; the reply reasons per value
 * and closes with sections the parser reads: `[Verdicts]:` (one `Value N: Yes|No` line per value)
 * and, for two of the checks, the lines that justify a "No" (contradicting speeches, obvious
 * speeches). The structure follows the release's checks; the wording is this project's own.
 */
export const CHECK_KINDS = ['incorporation', 'consistency', 'implicitness'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckTemplate {
  /** `{{story}}`, `{{values}}` (numbered lines) and `{{holder}}` (who holds a value). */
  body: string;
  /** What "Yes" means for this check, shown wherever verdicts are. */
  yesMeans: string;
  /** The section listing the evidence for a "No", if the check has one. */
  evidenceHeading?: '[Contradictions]' | '[Obvious speech]';
}

const SHARED_CLOSE = `After your notes, end with exactly this section, one line per value and nothing after the lines it asks for:
[Verdicts]:
Value 1: Yes or No
Value 2: Yes or No
(and so on for every value)`;

export const DEFAULT_CHECK_TEMPLATES: Record<CheckKind, CheckTemplate> = {
  incorporation: {
    yesMeans: 'the value shows in the story',
    body: `Below is a story and the cultural values it was written to show. A value is written as a statement and the attitude {{holder}} towards it.

Story:
{{story}}

Values:
{{values}}

For each value, decide whether the story reflects it: does something a character says or does let a careful reader infer this attitude towards this statement? Write "Value N:" followed by a few sentences of reasoning that point to the lines or actions involved.

${SHARED_CLOSE}
Answer Yes when the story reflects the value and No when it does not.`
  },
  consistency: {
    yesMeans: 'no character contradicts the value',
    evidenceHeading: '[Contradictions]',
    body: `Below is a story and the cultural values it was written to show. A value is written as a statement and the attitude {{holder}} towards it.

Story:
{{story}}

Values:
{{values}}

For each value, decide whether everything the characters who should hold it say and do agrees with it, or whether some speech or action goes against it. Write "Value N:" followed by a few sentences of reasoning.

${SHARED_CLOSE}
Answer Yes when nothing contradicts the value and No when something does. Then list every contradicting speech, copied word for word from the story, one per line:
[Contradictions]:
Value N: Character name: speech
Write NONE under [Contradictions] when there is none.`
  },
  implicitness: {
    yesMeans: 'no speech states the value outright',
    evidenceHeading: '[Obvious speech]',
    body: `Below is a story and the cultural values it was written to show. The values should show through what the characters say and do, never be stated. A value is written as a statement and the attitude {{holder}} towards it.

Story:
{{story}}

Values:
{{values}}

For each value, look for speech that states the value or rephrases it closely: a line that says the attitude and the statement outright, or borrows the statement's own phrasing. A line that only gives evidence from which the value can be inferred (an anecdote, a choice, an example) is fine. Write "Value N:" followed by a few sentences of reasoning.

${SHARED_CLOSE}
Answer Yes when the value stays implicit and No when some speech states it. Then list every such speech, copied word for word from the story, one per line:
[Obvious speech]:
Value N: speech
Write NONE under [Obvious speech] when there is none.`
  }
};

/** `Value N: statement--attitude`, with the character first in the multiple-character category. */
export function numberedValues(values: readonly Value[]): string {
  return values.map((v, i) => `Value ${i + 1}: ${formatValue(v)}`).join('\n');
}

export function buildCheckPrompt(template: CheckTemplate, story: string, values: readonly Value[]): string {
  const named = values.some((v) => v.character !== undefined);
  const fill: Record<string, string> = {
    holder: named ? 'the named character holds' : 'the characters hold',
    values: numberedValues(values),
    story
  };
  // One pass, so a story or value that happens to contain `{{story}}` is left as written.
  return template.body.replace(/\{\{(holder|values|story)\}\}/g, (_m, key: string) => fill[key]!);
}

/** SHA-256 of the check templates and system prompt a check run used. */
export function checkTemplateHash(
  templates: Record<CheckKind, CheckTemplate>,
  systemPrompt: string
): Promise<string> {
  return sha256Hex(JSON.stringify({ checks: templates, system: systemPrompt }));
}
