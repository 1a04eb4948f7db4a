import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPool } from '../formats/pool';
import {
  constructionPlans,
  readConstructionText,
  constructionHeaderLine,
  constructionFileText,
  type ConstructionConfig
} from './construction-file';

const pool = readPool('social', readFileSync('datasets/values/social_values.jsonl', 'utf8'));

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
});
