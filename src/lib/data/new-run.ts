import { version } from '$app/environment';
import { buildRunConfig, type RunConfigRequest } from '$lib/core/runner/run-config';
import type { RunConfig } from '$lib/core/schema/run';
import { detectWebGpu } from '$lib/models/webllm/detect';
import type { JudgeRequest } from './judging';
import { loadRunDataset } from './load-run-dataset';

/** A run as the Run page asks it: the dataset by id and categories; where and when are added here. */
export interface RunRequest extends Omit<RunConfigRequest, 'dataset' | 'environment' | 'createdAt'> {
  datasetId: string;
  categories: string[];
  /** Value extraction: the judge that scores the predictions once the model has answered. */
  judge?: JudgeRequest;
}

/** The recorded configuration of a new run: what was asked, with hashes of its dataset and prompts. */
export async function runConfigFor(request: RunRequest, createdAt: string): Promise<RunConfig> {
  const { dataset } = await loadRunDataset(request.datasetId, request.categories);
  return buildRunConfig({
    ...request,
    dataset,
    environment: { appVersion: version, userAgent: navigator.userAgent, ...(await gpuAdapter()) },
    createdAt
  });
}

/** The GPU adapter, recorded with a run because in-browser engines' results can depend on it. */
async function gpuAdapter(): Promise<{ gpuAdapter?: string }> {
  const detection = await detectWebGpu(navigator).catch(() => undefined);
  if (detection?.status !== 'available') return {};
  const { adapter, shaderF16 } = detection;
  return {
    gpuAdapter: `${adapter.label}${adapter.isFallback ? ' (software)' : ''}${shaderF16 ? ', shader-f16' : ''}`
  };
}

/** Asks the browser not to evict this site's storage, so stored runs survive disk pressure. */
export async function requestPersistentStorage(): Promise<void> {
  // Older browsers have no StorageManager at all.
  if ('storage' in navigator) await navigator.storage.persist().catch(() => false);
}
