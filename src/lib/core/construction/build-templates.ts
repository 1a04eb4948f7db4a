import { sha256Hex } from '../text/sha256';

/**
 * The construction recipe's writing steps, as data like the task and check templates: generate a
 * story from its values and scene, add values the incorporation check found missing, replace
 * speeches the consistency check found contradicting a value, rewrite speeches the implicitness
 * check found too open, and fix what the mechanical rules refuse. The checks themselves are the
 * check templates (checks/check-templates.ts). The steps follow the release's pipeline; the
 * wording is this project's own.
 */
export const WRITING_STEPS = [
  'generate',
  'add-missing',
  'resolve-contradictions',
  'rewrite-obvious',
  'fix-rules'
] as const;
export type WritingStep = (typeof WRITING_STEPS)[number];

/**
 * Placeholders: `{{scene}}`, `{{values}}` (numbered lines), `{{holder}}`, `{{cast}}` (the
 * multiple-character variant's rule on the cast), `{{minWords}}`, `{{story}}`, `{{items}}` (the
 * speeches to replace, or the rules broken).
 */
export type BuildTemplates = Record<WritingStep, string>;

const LAYOUT = `Write it in exactly this layout, and reply with the story only:
**Title: <a title>**

**Setting:** <one paragraph: where and when>

**Characters:**
- **<Name>**, <who they are>
(one line per character)

---

<the scene; every speech on its own line as **Name:** "words">`;

const WHOLE_STORY = 'Reply with the whole revised story only, in the same layout (title, setting, characters, ---, scene).';

const REPLACEMENT_BLOCKS = `Reply with one block per speech, in this form and nothing else:
Original speech: <the speech, copied word for word from the story>
Replacement: <the new speech>`;

export const DEFAULT_BUILD_TEMPLATES: BuildTemplates = {
  generate: `Write a scene for a test of cultural understanding: several people in {{scene}} talk over several exchanges, and from what they say and do a careful reader can infer the cultural values {{holder}}.

The values, each a statement and an attitude towards it:
{{values}}

Rules for the scene:
- Every value shows through speech and action: an anecdote, a choice, a reaction, an example. No one states a value, and no line rephrases a statement or borrows its wording.
- Each value can be inferred by a careful reader, but not at a glance.
- A value may come up more than once, in any order.
- No one says or does anything against a value they hold.{{cast}}
- At least {{minWords}} words after the list of characters.

${LAYOUT}`,
  'add-missing': `Below is a scene and values it should show but does not yet.

Scene:
{{story}}

Values to add ({{holder}} them):
{{values}}

Add exchanges, in the scene's own voice, from which a careful reader can infer each of these values without anyone stating them. Keep every line already there: add, do not remove or replace speech. ${WHOLE_STORY}`,
  'resolve-contradictions': `Below is a scene, the values {{holder}}, and speeches that go against one of those values.

Scene:
{{story}}

Values:
{{values}}

Speeches that go against a value:
{{items}}

For each speech, write a short, everyday replacement by the same character that agrees with the value and follows naturally from what was said just before it. ${REPLACEMENT_BLOCKS}`,
  'rewrite-obvious': `Below is a scene, the values {{holder}}, and speeches that say a value too openly (they state it, or echo its statement's words).

Scene:
{{story}}

Values:
{{values}}

Speeches to rewrite:
{{items}}

For each speech, write a replacement by the same character that lets the value show through an anecdote, an example or a choice instead of saying it, still clear to a careful reader. ${REPLACEMENT_BLOCKS}`,
  'fix-rules': `Below is a scene that breaks some of the rules it must follow.

Scene:
{{story}}

The values {{holder}}:
{{values}}

What is wrong:
{{items}}

Revise the scene to fix these, changing as little else as you can. ${WHOLE_STORY}`
};

/** The multiple-character variant's cast rule (characters may disagree; each holder appears). */
export const MULTIPLE_CAST_RULE =
  '\n- Each value names the character who holds it: give those characters these names. They need not agree with each other.';

/** SHA-256 of the writing templates and system prompt a construction used. */
export function buildTemplateHash(templates: BuildTemplates, systemPrompt: string): Promise<string> {
  return sha256Hex(JSON.stringify({ writing: templates, system: systemPrompt }));
}

/** Fills the placeholders in one pass, so text that happens to contain `{{story}}` stays as written. */
export function fillTemplate(body: string, fill: Readonly<Record<string, string>>): string {
  return body.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => fill[key] ?? whole);
}
