import { sha256Hex } from '../text/sha256';

/**
 * Value extraction's prompts, as data like the other tasks' templates. The shape follows the
 * release: a first user message with the scene that asks for the topics it touches and the
 * lines that bear on each, then, in the same conversation after the model's reply, a second
 * that asks for the values under a `[Final answer]:` heading. The wording is this project's own.
 */
export interface ExtractionTemplates {
  /** First message: `{{story}}`. */
  analysis: string;
  /** Follow-up message: `{{format}}` is the value format (with or without a character name). */
  values: string;
  /** The value format for most categories. */
  format: string;
  /** The value format for the multiple-character category, whose gold values name the character. */
  multipleFormat: string;
}

export const DEFAULT_EXTRACTION_TEMPLATES: ExtractionTemplates = {
  analysis: `You will read a scene: a setting, a conversation and what the characters do. The scene reflects cultural values that nobody in it states outright.

Scene:
{{story}}

First, note the topics the scene touches (family, work, religion, politics, money, and so on). For each topic, quote or describe the speeches and actions that bear on it, and say what they suggest about how the characters see it.`,
  values: `Now name the cultural values the scene reflects: at most 10, the ones your notes support best. Write each as a statement followed by the attitude held towards it, {{format}}

Use this format:
[Final answer]:
one value per line, without numbers or bullets`,
  format:
    'joined by two hyphens: statement--attitude (for example: Hard work usually brings a better life--agree).',
  multipleFormat:
    'joined by two hyphens and preceded by the name of the character who holds it and a colon: Name:statement--attitude (for example: Maria:Hard work usually brings a better life--agree). Characters may hold different attitudes; give one line per character and statement.'
};

/** SHA-256 of the extraction templates and system prompt a run used. */
export function extractionTemplateHash(
  templates: ExtractionTemplates,
  systemPrompt: string
): Promise<string> {
  return sha256Hex(JSON.stringify({ extraction: templates, system: systemPrompt }));
}

/**
 * The judge's prompt. It is given the predicted values as the model wrote them and the story's
 * gold values numbered `Value 1: ...`, and scores each gold value 1 / 0.5 / 0 as the release's
 * judge does, with a short justification each, then one `Value N: score` line per gold value.
 */
export interface JudgeTemplate {
  system: string;
  /** `{{predicted}}`, `{{gold}}` (numbered lines), `{{count}}` (how many gold values). */
  body: string;
}

export const DEFAULT_JUDGE_TEMPLATE: JudgeTemplate = {
  system: 'You are a careful and impartial grader.',
  body: `A model read a scene and listed the cultural values it reflects, each as statement--attitude (sometimes preceded by a character's name). Compare its predicted values with the {{count}} reference values below.

Predicted values:
{{predicted}}

Reference values:
{{gold}}

Score each reference value:
- 1 if every part of it (the statement, the attitude and, when named, the character) is meaningfully present in the predictions; several predictions may together cover one reference value;
- 0.5 if only part of it is present (for example the statement with a different or vaguer attitude);
- 0 if it is absent.

For each reference value write one short line of justification, starting with its label (Value 1, Value 2, ...). Then end with this section, one line per reference value and nothing else:
[Final answer]:
Value 1: score
Value 2: score
...`
};

/** SHA-256 of the judge template (system prompt included): `JudgingConfig.templateHash`. */
export function judgeTemplateHash(template: JudgeTemplate = DEFAULT_JUDGE_TEMPLATE): Promise<string> {
  return sha256Hex(JSON.stringify({ judge: template }));
}
