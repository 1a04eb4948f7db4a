import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPool } from '../formats/pool';
import { drawStory } from '../dataset/draw';
import { CAST_NAMES } from './cast-names';
import {
  constructionConfigSchema,
  constructionPlans,
  readConstructionText,
  constructionHeaderLine,
  constructionFileText,
  type ConstructionConfig
} from './construction-file';

const pool = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));
const wvq = readPool('WVQ_simple', readFileSync('datasets/values/WVQ_simple.jsonl', 'utf8'));

const config: ConstructionConfig = {
  kind: 'construction',
  category: 'social',
  count: 12,
  seed: 'plans-test',
  rounds: 2,
  ruleFixes: 2,
  minWords: 400,
  templateHash: 'a'.repeat(64),
  writer: { provider: 'openai', model: 'writer' },
  checker: { provider: 'openai', model: 'checker' },
  sampling: { temperature: 0.7, topP: 1, maxTokens: 4096 },
  environment: { appVersion: '0.1.0' },
  createdAt: '2026-12-06T03:00:00.000Z'
};

describe('a construction file and its plans', () => {
  it('draws the same stories from the same seed, five distinct statements each, no (values, scene) pair twice', () => {
    const plans = constructionPlans(config, pool);
    expect(plans).toEqual(constructionPlans(config, pool));
    expect(plans.map((p) => p.key)).toEqual(Array.from({ length: 12 }, (_, i) => `social/${String(i)}`));
    for (const p of plans) expect(new Set(p.values.map((v) => v.statement)).size).toBe(5);
    const pairs = plans.map((p) =>
      JSON.stringify([p.scene, p.values.map((v) => `${v.statement}--${v.attitude}`).sort()])
    );
    expect(new Set(pairs).size).toBe(12);
    expect(constructionPlans({ ...config, seed: 'another' }, pool)).not.toEqual(plans);
  });

  it('reads back its header and replies, and refuses a file of another kind, naming the line', () => {
    const result = {
      itemKey: 'social/0/generate',
      output: 'x',
      latencyMs: 1,
      attempts: 1,
      finishedAt: config.createdAt
    };
    const text = `${constructionHeaderLine('c1', config)}${JSON.stringify({ type: 'result', result })}\n`;
    expect(readConstructionText('GEN.jsonl', text)).toEqual({ id: 'c1', config, results: [result] });
    expect(constructionFileText({ id: 'c1', config, results: [result] })).toBe(text);
    expect(() => readConstructionText('GEN.jsonl', '{"type":"check-run"}\n')).toThrow(
      /GEN\.jsonl.*line 1.*not a construction header/
    );
  });

  it('multiple: N named characters each hold an attitude on 3 statements, never all agreeing, drawn by the seed', () => {
    const multiple: ConstructionConfig = { ...config, category: 'multiple', count: 6, characters: 3 };
    const plans = constructionPlans(multiple, wvq);
    expect(plans).toEqual(constructionPlans(multiple, wvq));
    expect(plans.map((p) => p.key)).toEqual(Array.from({ length: 6 }, (_, i) => `multiple/${String(i)}`));
    for (const p of plans) {
      const names = [...new Set(p.values.map((v) => v.character))];
      expect(names).toHaveLength(3);
      for (const name of names) expect(CAST_NAMES).toContain(name);
      const statements = [...new Set(p.values.map((v) => v.statement))];
      expect(statements).toHaveLength(3);
      for (const statement of statements) {
        const held = p.values.filter((v) => v.statement === statement);
        expect(held.map((v) => v.character).sort()).toEqual([...names].sort());
        expect(new Set(held.map((v) => v.attitude)).size).toBeGreaterThan(1);
      }
    }
    // Five characters fill the 15 selection options; more is refused.
    expect(constructionPlans({ ...multiple, characters: 5 }, wvq)[0]!.values).toHaveLength(15);
    expect(constructionConfigSchema.safeParse({ ...multiple, characters: 6 }).success).toBe(false);
    expect(constructionConfigSchema.safeParse({ ...config, characters: 3 }).success).toBe(false);
    // Without --characters, the release's own draw of 3 or 4.
    const drawn = constructionPlans({ ...multiple, characters: undefined }, wvq);
    drawn.forEach((p, i) => {
      expect(p.values).toHaveLength(3 * drawStory('multiple', i, wvq, config.seed).characterSlots!);
    });
  });
});
