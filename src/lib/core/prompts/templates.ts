import { z } from 'zod';

/**
 * Prompt templates are data: a user may replace any of them, and every run records the hash
 * of the exact text it used. Placeholders are `{{name}}`; each template lists the ones it
 * needs, and the builder refuses a template that lacks one.
 *
 * The structure follows the CQ-Bench release (task description, scene, question, answer
 * format with an `[Answer]` marker for task 1 and a `[Final answer]` heading for task 2);
 * the wording is this project's own.
 */

export const DEFAULT_SYSTEM_PROMPT = 'You are an American who has basic common sense';

export const templateSchema = z.object({
  /** Instructions and the test item. */
  body: z.string().min(1),
  /** How one worked example is shown in one-shot prompts (same placeholders plus the answer). */
  example: z.string().min(1)
});
export type Template = z.infer<typeof templateSchema>;

export const templateSetSchema = z.object({
  attitude: z.object({ plain: templateSchema, reasoning: templateSchema }),
  selection: z.object({ plain: templateSchema, reasoning: templateSchema })
});
export type TemplateSet = z.infer<typeof templateSetSchema>;

const SCENE_INTRO =
  'You will read a scene: a setting, a conversation and what the characters do. ' +
  'The scene reflects cultural values that nobody in it states outright.';

const ATTITUDE_QUESTION = `Statement: {{statement}}
Options: {{options}}

Which attitude towards the statement does {{subject}} hold?`;

export const DEFAULT_TEMPLATES: TemplateSet = {
  attitude: {
    plain: {
      body: `${SCENE_INTRO}
{{examples}}
Scene:
{{story}}

${ATTITUDE_QUESTION}
Answer with one of the options, copied exactly, and nothing else.`,
      example: `Here is a worked example.

Scene:
{{story}}

${ATTITUDE_QUESTION}
{{answer}}

Now the scene to answer.
`
    },
    reasoning: {
      body: `${SCENE_INTRO}
{{examples}}
Scene:
{{story}}

${ATTITUDE_QUESTION}
Think it through step by step: first quote the lines and actions that bear on the statement, then work out the attitude they reveal and why the other options fit less well, and finally give the answer.

Use this format:
[Evidence]: the relevant lines and actions
[Reasoning]: your analysis
[Answer]: one option, copied exactly`,
      example: `Here is a worked example.

Scene:
{{story}}

${ATTITUDE_QUESTION}
[Evidence]: {{evidence}}
[Reasoning]: {{reasoning}}
[Answer]: {{answer}}

Now the scene to answer.
`
    }
  },
  selection: {
    plain: {
      body: `${SCENE_INTRO}
Below the scene are 15 values, each written as statement--attitude. Exactly {{number}} of them are reflected in the scene.
{{examples}}
Scene:
{{story}}

Values:
{{options}}

Choose the {{number}} values the scene reflects. Answer with the chosen values only, one per line, each copied exactly as written, "--" included, without numbers or bullets.`,
      example: `Here is a worked example.

Scene:
{{story}}

Values:
{{options}}

{{answer}}

Now the scene to answer.
`
    },
    reasoning: {
      body: `${SCENE_INTRO}
Below the scene are 15 values, each written as statement--attitude. Exactly {{number}} of them are reflected in the scene.
{{examples}}
Scene:
{{story}}

Values:
{{options}}

Think it through step by step: first name the topics the scene touches and the lines that bear on each, then decide which attitude each topic reveals, comparing values that look alike, and finally choose the {{number}} values that fit best.

Use this format:
[Topics]: each topic with the lines that bear on it
[Reasoning]: which attitude each topic reveals, and why
[Final answer]:
one chosen value per line, copied exactly as written, "--" included, without numbers or bullets`,
      example: `Here is a worked example.

Scene:
{{story}}

Values:
{{options}}

[Topics]: {{evidence}}
[Reasoning]: {{reasoning}}
[Final answer]:
{{answer}}

Now the scene to answer.
`
    }
  }
};

/** Fills `{{name}}` placeholders; an unknown or missing placeholder is an error, never blank. */
export function fill(template: string, values: Record<string, string>, label: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`template ${label} uses {{${name}}}, which this prompt does not provide`);
    return value;
  });
}
