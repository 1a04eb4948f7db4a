import { z } from 'zod';
import {
  CHECK_KINDS,
  DEFAULT_CHECK_TEMPLATES,
  type CheckKind,
  type CheckTemplate
} from '../checks/check-templates';
import { FormatError, describeIssue, parseJsonText } from '../format-error';
import { sha256Hex } from '../text/sha256';
import {
  DEFAULT_BUILD_TEMPLATES,
  MULTIPLE_CAST_RULE,
  WRITING_STEPS,
  type BuildTemplates
} from './build-templates';

/**
 * Every prompt a construction sends, as one replaceable set: the five writing steps, the
 * multiple-character variant's cast rule (filled into `{{cast}}`) and the three checks. A
 * construction records the set's hash, and the set itself when it is not the defaults, so its
 * file alone rebuilds every prompt on resume and `--finish`.
 */
export interface ConstructionTemplates {
  writing: BuildTemplates;
  castRule: string;
  checks: Record<CheckKind, CheckTemplate>;
}

export const DEFAULT_CONSTRUCTION_TEMPLATES: ConstructionTemplates = {
  writing: DEFAULT_BUILD_TEMPLATES,
  castRule: MULTIPLE_CAST_RULE,
  checks: DEFAULT_CHECK_TEMPLATES
};

/**
 * SHA-256 of a template set (no system prompt is sent, hence `system: ''`), over its texts in a
 * fixed order, so a set read back from a file hashes as it did when it was recorded.
 */
export function constructionTemplateHash(t: ConstructionTemplates): Promise<string> {
  const writing = Object.fromEntries(WRITING_STEPS.map((step) => [step, t.writing[step]]));
  const checks = Object.fromEntries(
    CHECK_KINDS.map((kind) => {
      const { body, yesMeans, evidenceHeading } = t.checks[kind];
      return [kind, { body, yesMeans, ...(evidenceHeading === undefined ? {} : { evidenceHeading }) }];
    })
  );
  return sha256Hex(JSON.stringify({ writing, checks, system: '', castRule: t.castRule }));
}

/**
 * The hash constructions recorded for the defaults before the cast rule was part of the set (it
 * was the same text then), so their files still resume.
 */
function earlierDefaultHash(): Promise<string> {
  return sha256Hex(
    JSON.stringify({ writing: DEFAULT_BUILD_TEMPLATES, checks: DEFAULT_CHECK_TEMPLATES, system: '' })
  );
}

/**
 * Why a construction's recorded prompts cannot be used by this version, or undefined when they
 * can: its own set must still hash to what it recorded, and a construction without a set must
 * have been made with today's defaults.
 */
export async function templateMismatch(
  templates: ConstructionTemplates | undefined,
  recordedHash: string
): Promise<string | undefined> {
  const hash = await constructionTemplateHash(templates ?? DEFAULT_CONSTRUCTION_TEMPLATES);
  if (hash === recordedHash) return undefined;
  if (templates === undefined && recordedHash === (await earlierDefaultHash())) return undefined;
  return templates === undefined
    ? 'it was begun with another version of the default writing and check prompts; its remaining calls would not match'
    : 'its prompts do not match the hash it recorded (the file was edited)';
}

/**
 * The placeholders each template must keep: without them the writer or checker would not see
 * the story, the values or the speeches to fix. The check templates must also still ask for the
 * sections the reply parser reads.
 */
const WRITING_NEEDS: Record<keyof BuildTemplates, readonly string[]> = {
  generate: ['{{scene}}', '{{values}}', '{{cast}}'],
  'add-missing': ['{{story}}', '{{values}}'],
  'resolve-contradictions': ['{{story}}', '{{values}}', '{{items}}'],
  'rewrite-obvious': ['{{story}}', '{{values}}', '{{items}}'],
  'fix-rules': ['{{story}}', '{{items}}']
};
const CHECK_NEEDS: Record<CheckKind, readonly string[]> = {
  incorporation: ['{{story}}', '{{values}}', '[Verdicts]:'],
  consistency: ['{{story}}', '{{values}}', '[Verdicts]:', '[Contradictions]:'],
  implicitness: ['{{story}}', '{{values}}', '[Verdicts]:', '[Obvious speech]:']
};

const text = z.string().min(1, 'must not be empty');
const templatesFileSchema = z.strictObject({
  writing: z.strictObject(Object.fromEntries(WRITING_STEPS.map((s) => [s, text.optional()]))).optional(),
  castRule: z.string().optional(),
  checks: z
    .strictObject(
      Object.fromEntries(
        CHECK_KINDS.map((k) => [k, z.strictObject({ body: text, yesMeans: text.optional() }).optional()])
      )
    )
    .optional()
});

/**
 * Reads a templates file: JSON with any of `writing` (by step), `castRule` and `checks` (by
 * check: `body`, optionally `yesMeans`); what it leaves out keeps the default. Refuses unknown
 * keys and a template missing a placeholder it needs, naming the template.
 */
export function readConstructionTemplates(file: string, source: string): ConstructionTemplates {
  const parsed = templatesFileSchema.safeParse(parseJsonText(file, source));
  if (!parsed.success) {
    const { where, detail } = describeIssue(parsed.error);
    throw new FormatError(file, where, detail);
  }
  const given = parsed.data;
  const writing = { ...DEFAULT_BUILD_TEMPLATES };
  for (const step of WRITING_STEPS) {
    const body = given.writing?.[step];
    if (body === undefined) continue;
    const missing = WRITING_NEEDS[step].filter((p) => !body.includes(p));
    if (missing.length > 0)
      throw new FormatError(
        file,
        `field "writing.${step}"`,
        `the template must contain ${missing.join(', ')}`
      );
    writing[step] = body;
  }
  const checks = { ...DEFAULT_CHECK_TEMPLATES };
  for (const kind of CHECK_KINDS) {
    const replaced = given.checks?.[kind];
    if (replaced === undefined) continue;
    const missing = CHECK_NEEDS[kind].filter((p) => !replaced.body.includes(p));
    if (missing.length > 0)
      throw new FormatError(
        file,
        `field "checks.${kind}.body"`,
        `the template must contain ${missing.join(', ')}`
      );
    checks[kind] = {
      ...DEFAULT_CHECK_TEMPLATES[kind],
      body: replaced.body,
      ...(replaced.yesMeans === undefined ? {} : { yesMeans: replaced.yesMeans })
    };
  }
  return { writing, castRule: given.castRule ?? MULTIPLE_CAST_RULE, checks };
}

/** A template set as a file `readConstructionTemplates` reads back: the starting point for one's own. */
export function constructionTemplatesText(t: ConstructionTemplates): string {
  const checks = Object.fromEntries(
    CHECK_KINDS.map((k) => [k, { body: t.checks[k].body, yesMeans: t.checks[k].yesMeans }])
  );
  return `${JSON.stringify({ writing: t.writing, castRule: t.castRule, checks }, null, 2)}\n`;
}

/** The same set as the defaults, compared by content (a file may restate a default). */
export async function isDefaultTemplates(t: ConstructionTemplates): Promise<boolean> {
  return (
    (await constructionTemplateHash(t)) === (await constructionTemplateHash(DEFAULT_CONSTRUCTION_TEMPLATES))
  );
}
