import { describe, expect, it } from 'vitest';
import { startAnthropicServer } from '../../../tests/servers/anthropic-server';
import type { FakeServer } from '../../../tests/servers/fake-server';
import { startGeminiServer } from '../../../tests/servers/gemini-server';
import { startOpenAIServer } from '../../../tests/servers/openai-server';
import { ModelError } from '../core/ports';
import { ask, KEY, thrownBy } from '../../../tests/servers/provider-cases';
import {
  apiKeyFromEnv,
  createHttpModel,
  createModelFromPreset,
  findPreset,
  PROVIDER_PRESETS,
  type HttpProvider
} from './registry';

describe('createHttpModel', () => {
  it('builds a working model for each protocol from plain settings', async () => {
    const servers: { provider: HttpProvider; server: FakeServer }[] = [
      { provider: 'openai', server: await startOpenAIServer({ apiKey: KEY }) },
      { provider: 'anthropic', server: await startAnthropicServer({ apiKey: KEY }) },
      { provider: 'gemini', server: await startGeminiServer({ apiKey: KEY }) }
    ];
    try {
      for (const { provider, server } of servers) {
        // As they would arrive from a form or a settings file: untyped, with an extra field.
        const settings: unknown = JSON.parse(
          JSON.stringify({ baseUrl: server.url, apiKey: KEY, model: 'fake-model', note: 'x' })
        );
        const model = createHttpModel(provider, settings);
        expect(model.identity.provider).toBe(provider);
        expect((await model.complete(ask('hello'))).text).toBe('You said: hello');
      }
    } finally {
      await Promise.all(servers.map((s) => s.server.close()));
    }
  });

  it('rejects an unknown provider and invalid settings as permanent errors', () => {
    expect(thrownBy(() => createHttpModel('cohere', {})).message).toMatch(/unknown model provider "cohere"/);
    const error = thrownBy(() => createHttpModel('anthropic', { model: 'claude' }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toMatch(/invalid Anthropic settings: apiKey/);
  });

  it('gives an OpenAI-compatible model with listModels', async () => {
    const server = await startOpenAIServer();
    try {
      expect(
        await createHttpModel('openai', { baseUrl: server.url, model: 'fake-model' }).listModels()
      ).toEqual(['fake-model']);
    } finally {
      await server.close();
    }
  });
});

describe('presets', () => {
  it('hold the endpoints and key variables of the providers', () => {
    const table = Object.fromEntries(
      PROVIDER_PRESETS.map((p) => [p.id, [p.baseUrl, p.keyEnv ?? null, p.needsKey]])
    );
    expect(table).toEqual({
      openai: ['https://api.openai.com/v1', 'OPENAI_API_KEY', true],
      deepseek: ['https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY', true],
      openrouter: ['https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', true],
      groq: ['https://api.groq.com/openai/v1', 'GROQ_API_KEY', true],
      together: ['https://api.together.xyz/v1', 'TOGETHER_API_KEY', true],
      anthropic: ['https://api.anthropic.com', 'ANTHROPIC_API_KEY', true],
      gemini: ['https://generativelanguage.googleapis.com', 'GEMINI_API_KEY', true],
      vllm: ['http://127.0.0.1:8000/v1', null, false],
      ollama: ['http://127.0.0.1:11434/v1', null, false],
      llamacpp: ['http://127.0.0.1:8080/v1', null, false],
      lmstudio: ['http://127.0.0.1:1234/v1', null, false]
    });
  });

  it('build a model with the preset label in its messages, and a base URL override', async () => {
    const server = await startOpenAIServer({ apiKey: KEY, models: ['other'] });
    try {
      const model = createModelFromPreset('groq', { model: 'fake-model', apiKey: KEY, baseUrl: server.url });
      expect(model.identity).toEqual({ provider: 'openai', model: 'fake-model', baseUrl: server.url });
      expect(model.concurrency).toBe(4);
      await expect(model.complete(ask('q'))).rejects.toThrow(/model "fake-model" not found/);
      const unauthorised = createModelFromPreset('groq', {
        model: 'other',
        apiKey: 'wrong',
        baseUrl: server.url
      });
      await expect(unauthorised.complete(ask('q'))).rejects.toThrow(/refused by Groq/);
    } finally {
      await server.close();
    }
  });

  it('ask for a key where one is needed, and name the variable', () => {
    expect(thrownBy(() => createModelFromPreset('deepseek', { model: 'deepseek-chat' })).message).toBe(
      'DeepSeek needs an API key: enter one (or set DEEPSEEK_API_KEY)'
    );
    expect(createModelFromPreset('ollama', { model: 'llama3' }).concurrency).toBe(1);
    expect(createModelFromPreset('anthropic', { model: 'claude', apiKey: KEY }).identity.provider).toBe(
      'anthropic'
    );
    expect(thrownBy(() => createModelFromPreset('nope', { model: 'x' })).message).toMatch(
      /unknown provider preset/
    );
  });

  it('read keys from the environment, treating empty as unset', () => {
    const groq = findPreset('groq')!;
    expect(apiKeyFromEnv(groq, { GROQ_API_KEY: ' gsk_1 ' })).toBe('gsk_1');
    expect(apiKeyFromEnv(groq, { GROQ_API_KEY: '' })).toBeUndefined();
    expect(apiKeyFromEnv(findPreset('vllm')!, { GROQ_API_KEY: 'x' })).toBeUndefined();
  });
});
