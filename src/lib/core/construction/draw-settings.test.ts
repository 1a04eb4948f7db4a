import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPool } from '../formats/pool';
import { SCENES } from '../schema/story';
import { UserError } from '../user-message';
import { DEFAULT_BUILD_OPTIONS, buildStory } from './build-story';
import { constructionCard } from './built-dataset';
import { builtProvenance, builtOrigin } from './built-origin';
import { constructionConfigSchema, constructionPlans, type ConstructionConfig } from './construction-file';
import { importPool } from './imported-pool';

const social = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));
const wvq = readPool('WVQ_simple', readFileSync('datasets/values/WVQ_simple.jsonl', 'utf8'));

const base: ConstructionConfig = {
  kind: 'construction',
  category: 'social',
  count: 20,
  seed: 'defaults-pinned',
  rounds: 2,
  ruleFixes: 2,
  minWords: 400,
  templateHash: 'a'.repeat(64),
  writer: { provider: 'openai', model: 'w' },
  checker: { provider: 'openai', model: 'c' },
  sampling: { temperature: 0.7, topP: 1, maxTokens: 4096 },
  environment: { appVersion: '0' },
  createdAt: '2026-12-06T03:00:00.000Z'
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hashOfPlans = (
  config: ConstructionConfig,
  pool = config.category === 'social' ? social : wvq
): string => sha256(JSON.stringify(constructionPlans(config, pool)));

/** A pool file in the release's format: `n` statements, each with the given options. */
function poolText(n: number, option = '1. agree 2. neither agree or disagree 3. disagree'): string {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({ topic: 'MINE', q_id: i, q_content: `Imported statement number ${i + 1}.`, option })
  ).join('\n');
}

describe('a construction’s draw settings', () => {
  // The plans' hashes as the draw gave them before values per story, scenes and pools could be set.
  const pinned = [
    [{ ...base }, '66620f9654fbe03eae5c801ee572927de491f41cec616aaaf1396cbde3c6f39e'],
    [{ ...base, category: 'multiple' }, 'a98a7c76e1b1ebc940be2eb612c78b18c3737ac3f563e2371d887bc6933122a3'],
    [
      { ...base, category: 'multiple', characters: 3 },
      '188c365a558b09ce82e94351db03b4c5033d0b643a841ca456f712eacc05c54b'
    ],
    [{ ...base, category: 'random' }, '15907620a850958cee5c79549b2105cd8807b015e6dcf5d591d77770debd3357']
  ] as const;

  it('left unset, or set to the defaults (all seven scenes in any order), draw the same stories byte for byte', () => {
    for (const [config, hash] of pinned) {
      expect(hashOfPlans(config)).toBe(hash);
      const statements = config.category === 'multiple' ? 3 : 5;
      expect(hashOfPlans({ ...config, valuesPerStory: statements, scenes: [...SCENES].reverse() })).toBe(
        hash
      );
    }
  });

  it('values per story and chosen scenes shape every story', () => {
    const plans = constructionPlans({ ...base, valuesPerStory: 3, scenes: ['school', 'airplane'] }, social);
    for (const p of plans) expect(new Set(p.values.map((v) => v.statement)).size).toBe(3);
    expect(new Set(plans.map((p) => p.scene))).toEqual(new Set(['school', 'airplane']));
    const multiple = constructionPlans(
      { ...base, category: 'multiple', characters: 2, valuesPerStory: 5, count: 4 },
      wvq
    );
    for (const p of multiple) {
      expect(new Set(p.values.map((v) => v.statement)).size).toBe(5);
      expect(p.values).toHaveLength(10);
    }
    // 4 statements for 4 characters (the draw's most) would not fit in 15 options.
    const tooMany = constructionConfigSchema.safeParse({ ...base, category: 'multiple', valuesPerStory: 4 });
    expect(tooMany.error?.issues[0]?.message).toContain('must fit in the 15 value-selection options');
    expect(constructionConfigSchema.safeParse({ ...base, scenes: ['school', 'school'] }).success).toBe(false);
  });

  it('an imported pool: values only from it, and the card and provenance name it with its hash', async () => {
    const text = poolText(8);
    const pool = await importPool('mine.jsonl', text);
    expect(pool.sha256).toBe(sha256(text));
    const config: ConstructionConfig = { ...base, count: 6, pool };
    const plans = constructionPlans(config, social);
    const statements = new Set(pool.entries.map((e) => e.q_content));
    for (const p of plans) for (const v of p.values) expect(statements).toContain(v.statement);
    expect(constructionConfigSchema.parse(config)).toEqual(config);
    const states = plans.map((p) => buildStory(p, new Map(), DEFAULT_BUILD_OPTIONS));
    const card = constructionCard(config, plans, states);
    expect(card).toContain(`| value pool | mine.jsonl (imported, 8 statements, SHA-256 ${sha256(text)}) |`);
    expect(card).toContain('drawn by code with the seed above from the imported pool named above');
    expect(builtProvenance(builtOrigin('c1', config, plans, states, 'Mine'))).toContain(
      'imported pool mine.jsonl'
    );
    // Without one, the category's pool as before.
    expect(constructionCard(base, plans, states)).toContain('| value pool | social_values.jsonl |');
  });

  it('a pool too small for the draw is refused before anything, saying what it has and needs', async () => {
    const refusal = async (text: string, config: Partial<ConstructionConfig> = {}): Promise<string> => {
      const pool = await importPool('small.jsonl', text);
      try {
        constructionPlans({ ...base, count: 2, ...config, pool }, social);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(await refusal(poolText(4))).toMatch(/small\.jsonl .*has 4 statements; a story needs 5/);
    expect(await refusal(poolText(6, '1. agree 2. disagree'))).toMatch(
      /has 12 statement--attitude pairs; the value-selection task needs 15 options/
    );
    expect(await refusal(poolText(15, '1. agree'), { valuesPerStory: 15, scenes: ['school'] })).toMatch(
      /gives only 1 different draws of values and scene, not the 2 stories asked/
    );
    expect(await refusal(poolText(9, '1. agree'), { category: 'multiple', characters: 2 })).toMatch(
      /fewer than 2 attitudes .*characters cannot disagree/
    );
  });

  it('a pool file with a bad line, an empty option list or a statement twice is refused, naming file and line', async () => {
    const lines = poolText(6).split('\n');
    await expect(
      importPool('bad.jsonl', [...lines.slice(0, 2), '{"topic":1}', ...lines.slice(2)].join('\n'))
    ).rejects.toThrow(/bad\.jsonl: line 3/);
    await expect(importPool('dup.jsonl', [...lines, lines[1]!].join('\n'))).rejects.toThrow(
      'dup.jsonl: line 7: the statement of line 2 again'
    );
    const empty = JSON.stringify({ topic: 'T', q_content: 'No options here.', option: '' });
    await expect(importPool('empty.jsonl', [...lines, empty].join('\n'))).rejects.toThrow(
      'empty.jsonl: line 7, option: no attitude to draw'
    );
  });
});
