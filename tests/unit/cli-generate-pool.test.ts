import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { startOpenAIServer } from '../servers/openai-server';
import { fakeWriterAndChecker } from '../servers/fake-writer';
import { readConstructionText } from '../../src/lib/core/construction/construction-file';
import { roleOfCallKey } from '../../src/lib/core/construction/build-story';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-generate-pool-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A pool file in the release's format: 8 statements of this test's own, three attitudes each. */
const POOL_TEXT = Array.from({ length: 8 }, (_, i) =>
  JSON.stringify({
    topic: 'MINE',
    q_id: i,
    q_content: `My own statement number ${i + 1}.`,
    option: '1. agree 2. neither agree or disagree 3. disagree'
  })
).join('\n');
const OWN = new Set(Array.from({ length: 8 }, (_, i) => `My own statement number ${i + 1}.`));

const args = (url: string, out: string, more: string[] = []): string[] => [
  'generate',
  '--category',
  'social',
  '--count',
  '2',
  '--seed',
  'pool-seed',
  '--provider',
  'openai',
  '--base-url',
  url,
  '--model',
  'fake-model',
  '--api-key',
  'test-key',
  '--min-words',
  '20',
  '--retry-base-ms',
  '1',
  '--out',
  out,
  ...more
];

describe('cqbench generate with its own pool, draw settings and prices', () => {
  it('--pool with a bad line names the file and line, exits 2 and writes nothing', async () => {
    const pool = join(dir, 'bad-pool.jsonl');
    const lines = POOL_TEXT.split('\n');
    writeFileSync(
      pool,
      [...lines.slice(0, 3), '{"topic": "MINE", "q_content": 7}', ...lines.slice(3)].join('\n')
    );
    const out = join(dir, 'never.jsonl');
    const run = await cli(args('http://127.0.0.1:9/v1', out, ['--pool', pool]));
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${pool}: line 4`);
    expect(existsSync(out)).toBe(false);
    // Too small for the draw: refused before anything is asked or written, with the counts.
    const small = join(dir, 'small-pool.jsonl');
    writeFileSync(small, lines.slice(0, 4).join('\n'));
    const refused = await cli(args('http://127.0.0.1:9/v1', out, ['--pool', small]));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('has 4 statements; a story needs 5');
    expect(existsSync(out)).toBe(false);
    const scenes = await cli(args('http://127.0.0.1:9/v1', out, ['--scenes', 'school,moon']));
    expect(scenes.err).toContain('--scenes: "moon" is not a scene');
    const prices = await cli(args('http://127.0.0.1:9/v1', out, ['--writer-prices', '1']));
    expect(prices.err).toContain('--writer-prices must be two prices per million tokens');
    expect(existsSync(out)).toBe(false);
  });

  it('draws from the imported pool, prices each model’s tokens, and --finish writes setting-2 options from that pool', async () => {
    const pool = join(dir, 'my-pool.jsonl');
    writeFileSync(pool, POOL_TEXT);
    const server = await startOpenAIServer({
      answer: fakeWriterAndChecker('honest'),
      models: ['fake-model', 'fake-checker']
    });
    const gen = join(dir, 'pool.jsonl');
    try {
      const run = await cli(
        args(server.url, gen, [
          '--pool',
          pool,
          '--values-per-story',
          '4',
          '--scenes',
          'school,airplane',
          '--writer-prices',
          '1000000,2000000',
          '--validator-provider',
          'openai',
          '--validator-base-url',
          server.url,
          '--validator-model',
          'fake-checker',
          '--validator-api-key',
          'test-key',
          '--checker-prices',
          '3000000,4000000'
        ])
      );
      expect(run.code, run.err).toBe(0);
      const { config, results } = readConstructionText(gen, readFileSync(gen, 'utf8'));
      expect(config.pool?.name).toBe('my-pool.jsonl');
      expect(config.pool?.entries).toHaveLength(8);
      expect(config).toMatchObject({ valuesPerStory: 4, scenes: ['school', 'airplane'] });
      // Prices stay out of the file.
      expect(readFileSync(gen, 'utf8')).not.toContain('2000000');
      // At a price per token of 1, 2, 3 and 4, the cost is the tokens the file holds times those.
      const tokens = (role: 'writer' | 'checker', side: 'promptTokens' | 'completionTokens'): number =>
        results
          .filter((r) => roleOfCallKey(r.itemKey) === role)
          .reduce((n, r) => n + (r.usage?.[side] ?? 0), 0);
      const writer = tokens('writer', 'promptTokens') + 2 * tokens('writer', 'completionTokens');
      const checker = 3 * tokens('checker', 'promptTokens') + 4 * tokens('checker', 'completionTokens');
      expect(writer).toBeGreaterThan(0);
      expect(checker).toBeGreaterThan(0);
      expect(run.err).toContain(
        `cost ${(writer + checker).toFixed(2)} (writer ${writer.toFixed(2)}, checker ${checker.toFixed(2)}) at the prices given`
      );
      // Before any call: the recipe's bound, 2 stories of (1 + 3 × 2 rounds) texts × (1 + 2 rule fixes) and 3 × 3 checks.
      expect(run.err).toContain('Upper bound: at most 42 writer calls and 18 checker calls');
      expect(run.err).toMatch(
        /^2\/2 stories done \(2 passed\), 8 calls, writer tokens \d+\+\d+, checker tokens/m
      );
    } finally {
      await server.close();
    }
    const out = join(dir, 'pool-finished');
    const finished = await cli(['generate', '--finish', gen, '--out', out]);
    expect(finished.code, finished.err).toBe(0);
    const original = JSON.parse(readFileSync(join(out, 'dataset_social_original.json'), 'utf8')) as {
      values: string[];
    }[];
    const setting2 = JSON.parse(readFileSync(join(out, 'dataset_setting2_social.json'), 'utf8')) as {
      options: string[];
    }[];
    const statementOf = (value: string): string => value.slice(0, value.indexOf('--'));
    for (const item of original) {
      expect(item.values).toHaveLength(4);
      for (const v of item.values) expect(OWN).toContain(statementOf(v));
    }
    for (const item of setting2) {
      expect(item.options).toHaveLength(15);
      for (const option of item.options) expect(OWN).toContain(statementOf(option));
    }
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toMatch(
      /\| value pool \| my-pool\.jsonl \(imported, 8 statements, SHA-256 [0-9a-f]{64}\) \|/
    );
    expect(card).toContain('| statements per story | 4 |');
  });
});
