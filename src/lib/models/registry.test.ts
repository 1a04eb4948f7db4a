import { describe, expect, it } from 'vitest';
import { startAnthropicServer } from '../../../tests/servers/anthropic-server';
import type { FakeServer } from '../../../tests/servers/fake-server';
import { startGeminiServer } from '../../../tests/servers/gemini-server';
import { startOpenAIServer } from '../../../tests/servers/openai-server';
import { ModelError } from '../core/ports';
import { ask, KEY, thrownBy } from '../../../tests/servers/provider-cases';
import { uniformRandomBaseline } from '../core/models/baselines';
import type { RunDataset } from '../core/dataset/run-dataset';
import {
  apiKeyFromEnv,
  baselineChoice,
  createBaseline,
  createModel,
  createModelFromPreset,
  modelForIdentity,
  findPreset,
  PROVIDER_PRESETS,
  openAICompatible,
  type HttpProvider
} from './registry';

describe('the provider table', () => {
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
        const model = createModel(provider, settings);
        expect(model.identity.provider).toBe(provider);
        expect((await model.complete(ask('hello'))).text).toBe('You said: hello');
      }
    } finally {
      await Promise.all(servers.map((s) => s.server.close()));
    }
  });

  it('rejects an unknown provider and invalid settings as permanent errors', () => {
    expect(thrownBy(() => createModel('cohere', {})).message).toMatch(/unknown model provider "cohere"/);
    const error = thrownBy(() => createModel('anthropic', { model: 'claude' }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toMatch(/invalid Anthropic settings: apiKey/);
  });

  it('gives an OpenAI-compatible model with listModels', async () => {
    const server = await startOpenAIServer();
    try {
      expect(await openAICompatible({ baseUrl: server.url, model: 'fake-model' }).listModels()).toEqual([
        'fake-model'
      ]);
    } finally {
      await server.close();
    }
  });
});

const options = ask('A story.\nOptions: agree, disagree, neutral, unrelated');

describe('baselines in the table', () => {
  const dataset: RunDataset = {
    id: 'd',
    name: 'd',
    categories: {
      Work: {
        setting1: [
          {
            story: 's',
            questions: [
              {
                value: 'Honesty',
                options: ['agree', 'disagree', 'neutral', 'unrelated'],
                'gold label': 'Neutral'
              }
            ]
          }
        ]
      }
    }
  };

  it('record their settings in the identity, and are built again from it', async () => {
    const random = createBaseline(baselineChoice('random', 5)!, {});
    expect(random.identity).toEqual({
      provider: 'baseline',
      model: 'uniform-random:seed=5',
      baseline: { kind: 'uniform-random', seed: 5 }
    });
    const again = modelForIdentity(random.identity, {})!;
    expect((await again.complete(options)).text).toBe((await random.complete(options)).text);
    const majority = modelForIdentity(
      createBaseline(baselineChoice('majority')!, { dataset, task: 'attitude' }).identity,
      {
        dataset,
        task: 'attitude'
      }
    )!;
    expect((await majority.complete(options)).text).toBe('neutral');
  });

  it('rebuild the identities older versions recorded by name alone, with the same answers', async () => {
    const old = modelForIdentity({ provider: 'baseline', model: 'uniform-random:seed=abc' }, {})!;
    expect(old.identity.model).toBe('uniform-random:seed=abc');
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => (await old.complete(ask(`${i}\nOptions: a, b, c, d`))).text)
    );
    const fresh = uniformRandomBaseline('abc');
    expect(answers).toEqual(
      await Promise.all(
        [1, 2, 3, 4, 5].map(async (i) => (await fresh.complete(ask(`${i}\nOptions: a, b, c, d`))).text)
      )
    );
    const oldMajority = modelForIdentity(
      { provider: 'baseline', model: 'majority-attitude' },
      { dataset, task: 'attitude' }
    )!;
    expect((await oldMajority.complete(options)).text).toBe('neutral');
    expect(thrownBy(() => modelForIdentity({ provider: 'baseline', model: 'coin' }, {})).message).toMatch(
      /unknown baseline "coin"/
    );
  });

  it('refuse settings their schema does not know, and a majority baseline without its dataset', () => {
    expect(thrownBy(() => createModel('uniform-random', { seed: 1, temperature: 2 })).message).toMatch(
      /invalid uniform-random baseline settings/
    );
    expect(thrownBy(() => createModel('majority-attitude', {})).message).toMatch(/needs the run’s dataset/);
  });

  it('leave models that run in a tab to their page, and refuse a remote identity without its server', () => {
    expect(modelForIdentity({ provider: 'webllm', model: 'Llama' }, {})).toBeUndefined();
    expect(thrownBy(() => modelForIdentity({ provider: 'openai', model: 'gpt' }, {})).message).toMatch(
      /does not say where gpt is served/
    );
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
