import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING, itemResultSchema, runConfigSchema, type RunConfig } from './run';

const config: RunConfig = {
  task: 'attitude',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social'],
  prompt: {
    reasoning: true,
    shots: 0,
    systemPrompt: 'You are an American who has basic common sense',
    templateHash: 'b'.repeat(64)
  },
  model: { provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:8080/v1' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: '0.1.0' },
  createdAt: '2026-11-27T10:00:00.000Z'
};

describe('run configurations', () => {
  it('accept a complete configuration with the release defaults (temperature 0.8, 4096 tokens)', () => {
    expect(runConfigSchema.parse(config).sampling).toEqual({ temperature: 0.8, topP: 1, maxTokens: 4096 });
  });

  it('cannot carry an API key, so stored and exported runs never hold one', () => {
    const withKey = { ...config, model: { ...config.model, apiKey: 'sk-secret' } };
    const result = runConfigSchema.safeParse(withKey);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('apiKey');
  });

  it('refuse a server URL that could carry a key: user info or a query string', () => {
    const withUrl = (baseUrl: string) =>
      runConfigSchema.safeParse({ ...config, model: { ...config.model, baseUrl } });
    const userInfo = withUrl('https://user:sk-secret@api.example.com/v1');
    expect(userInfo.success).toBe(false);
    expect(userInfo.error?.issues[0]?.path).toEqual(['model', 'baseUrl']);
    expect(userInfo.error?.issues[0]?.message).toContain('must not hold a user name or password');
    // Zod's message never repeats the URL, so the key is not shown either.
    expect(JSON.stringify(userInfo.error?.issues.map((i) => i.message))).not.toContain('sk-secret');
    expect(withUrl('https://api.example.com/v1?key=sk-secret').error?.issues[0]?.message).toContain(
      'must not hold a query string'
    );
    expect(withUrl('https://api.example.com/v1').success).toBe(true);
  });

  it('reject settings out of range with the field named', () => {
    const result = runConfigSchema.safeParse({ ...config, sampling: { ...config.sampling, temperature: 3 } });
    expect(result.error?.issues[0]?.path).toEqual(['sampling', 'temperature']);
    expect(runConfigSchema.safeParse({ ...config, prompt: { ...config.prompt, shots: 2 } }).success).toBe(
      false
    );
  });
});

describe('item results', () => {
  it('keep a failed item as a null output with its reason', () => {
    const failed = {
      itemKey: 'social/0/1',
      output: null,
      latencyMs: 30000,
      attempts: 5,
      error: 'HTTP 500',
      finishedAt: config.createdAt
    };
    expect(itemResultSchema.parse(failed).output).toBeNull();
    expect(itemResultSchema.safeParse({ ...failed, attempts: 0 }).success).toBe(false);
  });
});
