import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_TEMPLATES } from '../checks/check-templates';
import { FormatError } from '../format-error';
import { sha256Hex } from '../text/sha256';
import { DEFAULT_BUILD_TEMPLATES } from './build-templates';
import { buildStory } from './build-story';
import {
  buildOptionsOf,
  defaultConstructionTemplateHash,
  type ConstructionConfig
} from './construction-file';
import {
  constructionTemplateHash,
  constructionTemplatesText,
  DEFAULT_CONSTRUCTION_TEMPLATES,
  isDefaultTemplates,
  readConstructionTemplates,
  templateMismatch
} from './construction-templates';
import { plan, story } from './testing';

const GENERATE = 'Scene: {{scene}}. The values {{holder}}:\n{{values}}{{cast}}\n{{minWords}} words or more.';

describe('replaceable construction templates', () => {
  it('the defaults written as a file read back as the defaults, with the same hash', async () => {
    const read = readConstructionTemplates(
      't.json',
      constructionTemplatesText(DEFAULT_CONSTRUCTION_TEMPLATES)
    );
    expect(read).toEqual(DEFAULT_CONSTRUCTION_TEMPLATES);
    expect(await isDefaultTemplates(read)).toBe(true);
    expect(await constructionTemplateHash(read)).toBe(await defaultConstructionTemplateHash());
  });

  it('a file replaces what it gives and keeps the rest; the hash changes, whatever the key order', async () => {
    const read = readConstructionTemplates(
      't.json',
      JSON.stringify({
        castRule: '\n- Holders are named.',
        checks: { incorporation: { yesMeans: 'shown', body: '{{story}}\n{{values}}\n[Verdicts]:' } },
        writing: { generate: GENERATE }
      })
    );
    expect(read.writing.generate).toBe(GENERATE);
    expect(read.writing['add-missing']).toBe(DEFAULT_BUILD_TEMPLATES['add-missing']);
    expect(read.castRule).toBe('\n- Holders are named.');
    expect(read.checks.incorporation).toEqual({
      body: '{{story}}\n{{values}}\n[Verdicts]:',
      yesMeans: 'shown'
    });
    expect(read.checks.consistency).toEqual(DEFAULT_CHECK_TEMPLATES.consistency);
    expect(await isDefaultTemplates(read)).toBe(false);
    // Reordered keys (as a schema parse gives them back) hash the same.
    const reordered = {
      ...read,
      checks: {
        ...read.checks,
        consistency: {
          body: read.checks.consistency.body,
          yesMeans: read.checks.consistency.yesMeans,
          evidenceHeading: read.checks.consistency.evidenceHeading
        }
      }
    };
    expect(await constructionTemplateHash(reordered)).toBe(await constructionTemplateHash(read));
  });

  it('refuses bad files with the file and the template named', () => {
    const refusal = (text: string): string => {
      try {
        readConstructionTemplates('mine.json', text);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal('{')).toMatch(/^mine\.json: not valid JSON/);
    expect(refusal('{"writing": {"generat": "x"}}')).toMatch(/^mine\.json: field "writing": /);
    expect(refusal('{"writing": {"fix-rules": "{{story}} only"}}')).toBe(
      'mine.json: field "writing.fix-rules": the template must contain {{items}}'
    );
    expect(refusal('{"checks": {"implicitness": {"body": "{{story}} {{values}} [Verdicts]:"}}}')).toBe(
      'mine.json: field "checks.implicitness.body": the template must contain [Obvious speech]:'
    );
    expect(refusal('{"writing": {"generate": ""}}')).toMatch(/field "writing.generate": must not be empty/);
  });

  it('a construction resumes only with the prompts it recorded: its own set, today’s defaults, or the defaults hashed before the cast rule was', async () => {
    const earlier = await sha256Hex(
      JSON.stringify({ writing: DEFAULT_BUILD_TEMPLATES, checks: DEFAULT_CHECK_TEMPLATES, system: '' })
    );
    expect(await templateMismatch(undefined, await defaultConstructionTemplateHash())).toBeUndefined();
    expect(await templateMismatch(undefined, earlier)).toBeUndefined();
    expect(await templateMismatch(undefined, 'f'.repeat(64))).toMatch(/another version of the default/);
    const own = { ...DEFAULT_CONSTRUCTION_TEMPLATES, castRule: '\n- Named.' };
    expect(await templateMismatch(own, await constructionTemplateHash(own))).toBeUndefined();
    expect(
      await templateMismatch({ ...own, castRule: '\n- Edited.' }, await constructionTemplateHash(own))
    ).toMatch(/do not match the hash it recorded/);
  });

  it('a construction with its own prompts sends them: the writer gets the replaced generate step, the checker the default checks', () => {
    const templates = {
      ...DEFAULT_CONSTRUCTION_TEMPLATES,
      writing: { ...DEFAULT_BUILD_TEMPLATES, generate: GENERATE }
    };
    const config = { rounds: 1, ruleFixes: 1, templates } as unknown as ConstructionConfig;
    const options = buildOptionsOf(config);
    const first = buildStory(plan, new Map(), options).next!;
    expect(first.role).toBe('writer');
    expect(first.messages.at(-1)!.content).toBe(
      `Scene: a school. The values the characters hold:\nValue 1: ${plan.values[0]!.statement}--agree\nValue 2: ${plan.values[1]!.statement}--Disagree\nValue 3: ${plan.values[2]!.statement}--agree\n40 words or more.`
    );
    const second = buildStory(plan, new Map([[first.key, story()]]), options).next!;
    expect(second.role).toBe('checker');
    expect(second.messages.at(-1)!.content).toContain(
      DEFAULT_CHECK_TEMPLATES.incorporation.body.slice(0, 60)
    );
  });
});
