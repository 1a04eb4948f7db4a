import { describe, expect, it } from 'vitest';
import { datasetHash } from '../dataset/hash';
import type { RunDataset } from '../dataset/run-dataset';
import { DEFAULT_SAMPLING } from '../schema/run';
import { buildJudgingConfig, buildRunConfig, type RunConfigRequest } from './run-config';

const dataset: RunDataset = {
  id: 'mine',
  name: 'My stories',
  categories: { Family: { setting1: [] }, Work: { setting1: [] } }
};

const request: RunConfigRequest = {
  task: 'attitude',
  dataset,
  reasoning: true,
  shots: 0,
  systemPrompt: 'Be brief.',
  model: { provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: 'test' },
  createdAt: '2026-01-01T00:00:00.000Z'
};

describe('the recorded configuration of a run', () => {
  it('records the dataset by hash and categories in run order, and the prompt with its template hash', async () => {
    const config = await buildRunConfig(request);
    expect(config.dataset).toEqual({
      id: 'mine',
      name: 'My stories',
      sha256: await datasetHash(dataset.categories)
    });
    expect(config.categories).toEqual(['Family', 'Work']);
    expect(config.prompt).toMatchObject({ reasoning: true, shots: 0, systemPrompt: 'Be brief.' });
    expect(config.prompt.templateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(config).not.toHaveProperty('concurrency');
    expect((await buildRunConfig({ ...request, concurrency: 3 })).concurrency).toBe(3);
  });

  it('records value extraction as one reasoning, zero-shot setting whatever was asked', async () => {
    const config = await buildRunConfig({ ...request, task: 'extraction', reasoning: false });
    expect(config.prompt).toMatchObject({ reasoning: true, shots: 0 });
  });

  it('refuses a setting outside the schema, naming it, before anything is stored', async () => {
    await expect(
      buildRunConfig({ ...request, sampling: { ...DEFAULT_SAMPLING, temperature: 3 } })
    ).rejects.toThrow(/temperature/);
    await expect(
      buildRunConfig({ ...request, model: { ...request.model, baseUrl: 'http://u:secret@127.0.0.1/v1' } })
    ).rejects.toThrow(/user name or password/);
  });

  it('builds a judging with the judge template hash and refuses too many samples', async () => {
    const judging = {
      runId: 'r',
      judge: request.model,
      sampling: DEFAULT_SAMPLING,
      samples: 2,
      environment: { appVersion: 'test' },
      createdAt: request.createdAt
    };
    expect((await buildJudgingConfig(judging)).templateHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(buildJudgingConfig({ ...judging, samples: 11 })).rejects.toThrow(/samples/);
  });
});
