/**
 * A tiny dataset and run builders for the analysis tests: small enough that every expected
 * score can be worked out by hand.
 */
import { datasetHash } from '../dataset/hash';
import type { RunDataset } from '../dataset/run-dataset';
import { DEFAULT_SYSTEM_PROMPT } from '../prompts/templates';
import type { JudgingConfig } from '../schema/judging';
import { DEFAULT_SAMPLING, type ItemResult, type RunConfig, type Task } from '../schema/run';
import type { RunInput } from './aggregate';

const AGREE = [' agree ', ' disagree '];

/** Values long enough (> 15 characters) for the selection matcher to map them. */
export const V = {
  family: 'Family comes before work--agree',
  elders: 'Elders deserve obedience--agree',
  church: 'Religion guides daily life--disagree',
  money: 'Money brings happiness--disagree'
};
const OPTIONS = [V.family, V.elders, V.church, V.money];

/**
 * social: story 0 (questions agree, disagree), story 1 (agree, agree); ethical: story 0
 * (disagree, agree). Selection: social 0 gold {family, elders}, social 1 {church}, ethical 0
 * {money}. Extraction: the same gold values.
 */
export const DATASET: RunDataset = {
  id: 'fixture',
  name: 'fixture',
  categories: {
    social: {
      setting1: [
        {
          story: 'Story S0',
          questions: [
            { value: 'Family comes before work', options: AGREE, 'gold label': 'agree' },
            { value: 'Money brings happiness', options: AGREE, 'gold label': 'disagree' }
          ]
        },
        {
          story: 'Story S1',
          questions: [
            { value: 'Elders deserve obedience', options: AGREE, 'gold label': 'agree' },
            { value: 'Hard work pays', options: AGREE, 'gold label': 'agree' }
          ]
        }
      ],
      setting2: [
        { story: 'Story S0', options: OPTIONS, values: [V.family, V.elders] },
        { story: 'Story S1', options: OPTIONS, values: [V.church] }
      ],
      original: [
        {
          story: 'Story S0',
          original_values: [V.family, V.elders],
          values: [V.family, V.elders],
          contradiction: []
        },
        { story: 'Story S1', original_values: [V.church], values: [V.church], contradiction: [] }
      ]
    },
    ethical: {
      setting1: [
        {
          story: 'Story E0',
          questions: [
            { value: 'Religion guides daily life', options: AGREE, 'gold label': 'disagree' },
            { value: 'Lying is sometimes fine', options: AGREE, 'gold label': 'agree' }
          ]
        }
      ],
      setting2: [{ story: 'Story E0', options: OPTIONS, values: [V.money] }],
      original: [{ story: 'Story E0', original_values: [V.money], values: [V.money], contradiction: [] }]
    }
  }
};

export async function configFor(
  task: Task,
  overrides: Partial<Omit<RunConfig, 'task'>> = {},
  dataset: RunDataset = DATASET
): Promise<RunConfig> {
  return {
    task,
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
    categories: Object.keys(dataset.categories),
    prompt: { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT, templateHash: 'b'.repeat(64) },
    model: { provider: 'openai', model: 'm1', baseUrl: 'https://api.example.com/v1' },
    sampling: DEFAULT_SAMPLING,
    environment: { appVersion: 'test' },
    createdAt: '2026-11-27T10:00:00.000Z',
    ...overrides
  };
}

export function result(itemKey: string, output: string | null): ItemResult {
  const r: ItemResult = {
    itemKey,
    output,
    latencyMs: 1,
    attempts: 1,
    finishedAt: '2026-11-27T10:00:00.000Z'
  };
  if (output === null) r.error = 'failed';
  return r;
}

/** Results for keys in order; `undefined` leaves an item without a stored response. */
export function results(
  keys: readonly string[],
  outputs: readonly (string | null | undefined)[]
): ItemResult[] {
  return keys.flatMap((key, i) => (outputs[i] === undefined ? [] : [result(key, outputs[i])]));
}

export function runInput(
  id: string,
  config: RunConfig,
  items: ItemResult[],
  extra: Partial<RunInput> = {}
): RunInput {
  return {
    id,
    split: Object.keys(DATASET.categories),
    status: 'done',
    createdAt: config.createdAt,
    updatedAt: config.createdAt,
    config,
    dataset: DATASET,
    results: items,
    ...extra
  };
}

export function judgingConfig(runId: string): JudgingConfig {
  return {
    runId,
    judge: { provider: 'openai', model: 'judge-1', baseUrl: 'https://judge.example.com/v1' },
    sampling: DEFAULT_SAMPLING,
    samples: 1,
    templateHash: 'c'.repeat(64),
    environment: { appVersion: 'test' },
    createdAt: '2026-11-27T11:00:00.000Z'
  };
}

/** A judge reply giving these verdicts, one line per gold value. */
export function judgeReply(verdicts: readonly number[]): string {
  return `Looks fine.\n[Final answer]:\n${verdicts.map((v, i) => `Value ${i + 1}: ${v}`).join('\n')}`;
}
