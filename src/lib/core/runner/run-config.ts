import { datasetHash } from '../dataset/hash';
import type { RunDataset, RunnableTask } from '../dataset/run-dataset';
import { judgeTemplateHash } from '../prompts/extraction-templates';
import { recordedPrompt } from '../prompts/recorded-setting';
import { judgingConfigSchema, type JudgingConfig } from '../schema/judging';
import {
  runConfigSchema,
  type ModelIdentity,
  type RunConfig,
  type RunLimits,
  type Sampling
} from '../schema/run';

/**
 * The one way a run's and a judging's recorded configurations are built, for the Run page and
 * the CLI alike: what was asked, with the hashes of the dataset and prompts that make a stored
 * run resumable and comparable. The caller says only where it runs (`environment`) and when.
 */

export interface RunConfigRequest {
  task: RunnableTask;
  /** The dataset as it will be asked: its categories are the run's. */
  dataset: RunDataset;
  reasoning: boolean;
  shots: 0 | 1;
  systemPrompt: string;
  model: ModelIdentity;
  sampling: Sampling;
  concurrency?: number;
  limits?: RunLimits;
  environment: RunConfig['environment'];
  createdAt: string;
}

export async function buildRunConfig(request: RunConfigRequest): Promise<RunConfig> {
  const { task, dataset, concurrency, limits } = request;
  return runConfigSchema.parse({
    task,
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
    categories: Object.keys(dataset.categories),
    // Only the prompt's fields: the recorded setting is a strict shape.
    prompt: await recordedPrompt(task, {
      reasoning: request.reasoning,
      shots: request.shots,
      systemPrompt: request.systemPrompt
    }),
    model: request.model,
    sampling: request.sampling,
    ...(concurrency === undefined ? {} : { concurrency }),
    // Only limits the user changed; none at all keeps the record as it was before limits existed.
    ...(limits === undefined || Object.keys(limits).length === 0 ? {} : { limits }),
    environment: request.environment,
    createdAt: request.createdAt
  });
}

export interface JudgingConfigRequest {
  runId: string;
  judge: ModelIdentity;
  sampling: Sampling;
  samples: number;
  environment: JudgingConfig['environment'];
  createdAt: string;
}

export async function buildJudgingConfig(request: JudgingConfigRequest): Promise<JudgingConfig> {
  return judgingConfigSchema.parse({ ...request, templateHash: await judgeTemplateHash() });
}
