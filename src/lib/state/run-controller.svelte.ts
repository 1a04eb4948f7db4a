import { version } from '$app/environment';
import { runItems, type RunProgress } from '$lib/core/runner/runner';
import type { ChatModel } from '$lib/core/ports';
import { detectWebGpu } from '$lib/models/webllm/detect';
import { planForConfig } from '$lib/core/runner/plan-config';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { templateHash } from '$lib/core/prompts/hash';
import { datasetHash } from '$lib/core/dataset/hash';
import { exampleFor } from '$lib/core/dataset/shipped';
import type { RunnableTask } from '$lib/core/dataset/run-dataset';
import {
  runConfigSchema,
  type ItemResult,
  type ModelIdentity,
  type RunConfig,
  type Sampling
} from '$lib/core/schema/run';
import { userMessage } from '$lib/core/errors';
import { loadRunDataset } from '$lib/data/run-dataset';
import { modelForRun } from '$lib/data/run-model';
import { database } from '$lib/storage/instance';
import { isoNow } from './time';
import { createRun, getRun, IndexedDbResultStore, listRuns, setRunStatus } from '$lib/storage/runs';

export interface RunRequest {
  datasetId: string;
  categories: string[];
  task: RunnableTask;
  reasoning: boolean;
  shots: 0 | 1;
  systemPrompt: string;
  model: ModelIdentity;
  sampling: Sampling;
  concurrency?: number;
}

export type RunStatus = 'idle' | 'preparing' | 'running' | 'paused' | 'stopped' | 'done' | 'cancelled';

/**
 * The run in progress in this tab: starts, pauses, resumes and cancels it, and keeps its
 * progress for the pages to show. Every response is in IndexedDB before it is counted, so a
 * closed tab loses nothing; `resumeInterrupted` picks such a run up when the app opens again.
 */
export class RunController {
  runId: string | undefined = $state();
  status: RunStatus = $state('idle');
  progress: RunProgress | undefined = $state();
  message = $state('');
  #abort: AbortController | undefined;
  #pausing = false;
  // Responses received while storage was full: saved first when the run resumes.
  #unsaved: ItemResult[] = [];

  /** `loaded` finds a model loaded in this tab (a local engine) by the identity a run recorded. */
  constructor(
    private readonly loaded: (identity: ModelIdentity) => ChatModel | undefined = () => undefined
  ) {}

  get busy(): boolean {
    return this.status === 'preparing' || this.status === 'running';
  }

  async start(request: RunRequest): Promise<void> {
    if (this.busy) return;
    this.status = 'preparing';
    this.message = '';
    try {
      const { dataset } = await loadRunDataset(request.datasetId, request.categories);
      const template = request.reasoning
        ? DEFAULT_TEMPLATES[request.task].reasoning
        : DEFAULT_TEMPLATES[request.task].plain;
      const config: RunConfig = runConfigSchema.parse({
        task: request.task,
        dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
        categories: Object.keys(dataset.categories),
        prompt: {
          reasoning: request.reasoning,
          shots: request.shots,
          systemPrompt: request.systemPrompt,
          templateHash: await templateHash(template, request.systemPrompt)
        },
        model: request.model,
        sampling: request.sampling,
        ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
        environment: { appVersion: version, userAgent: navigator.userAgent, ...(await gpuAdapter()) },
        createdAt: isoNow()
      });
      const id = crypto.randomUUID();
      await createRun(database, id, config, 0);
      await requestPersistentStorage();
      await this.#execute(id);
    } catch (e) {
      this.status = 'stopped';
      this.message = userMessage(e);
    }
  }

  async resume(id: string, notice = ''): Promise<void> {
    if (this.busy) return;
    this.status = 'preparing';
    this.message = notice;
    try {
      await this.#execute(id);
    } catch (e) {
      this.status = 'stopped';
      this.message = userMessage(e);
    }
  }

  /** Resumes the newest run that a closed tab or a crash left unfinished, if there is one. */
  async resumeInterrupted(): Promise<string | undefined> {
    if (this.busy) return undefined;
    const { runs } = await listRuns(database);
    const interrupted = runs.find((r) => r.status === 'running');
    if (interrupted === undefined) return undefined;
    await this.resume(interrupted.id, 'Resuming a run that was interrupted.');
    return interrupted.id;
  }

  pause(): void {
    this.#pausing = true;
    this.#abort?.abort();
  }

  // Read through a method: the flag changes while the run awaits, which narrowing cannot see.
  #pausedByUser(): boolean {
    return this.#pausing;
  }

  cancel(): void {
    this.#pausing = false;
    this.#abort?.abort();
  }

  async #execute(id: string): Promise<void> {
    const run = await getRun(database, id);
    if (run === undefined) throw new Error(`run ${id} is not in this browser`);
    const { config } = run;
    const { concurrency } = config;
    if (config.task === 'extraction')
      throw new Error('value extraction runs are not available on this page yet');
    const { dataset, bench } = await loadRunDataset(config.dataset.id, config.categories);
    if ((await datasetHash(dataset.categories)) !== config.dataset.sha256) {
      throw new Error(
        `the dataset "${config.dataset.name}" has changed since this run started; start a new run`
      );
    }
    const items = planForConfig(config, dataset, DEFAULT_TEMPLATES, (story) => exampleFor(bench, story));
    const model = this.loaded(config.model) ?? modelForRun(config.model, dataset, config.task, concurrency);
    const store = new IndexedDbResultStore(database);
    for (const result of this.#unsaved.splice(0)) await store.save(id, result);

    this.runId = id;
    this.status = 'running';
    this.#pausing = false;
    this.#abort = new AbortController();
    await database.runs.update(id, { total: items.length });
    await setRunStatus(database, id, 'running');
    const outcome = await runItems(
      model,
      items,
      store,
      id,
      { sampling: config.sampling, ...(concurrency === undefined ? {} : { concurrency }) },
      {
        signal: this.#abort.signal,
        onProgress: (p) => {
          this.progress = p;
        }
      }
    );
    this.progress = outcome.progress;
    this.#unsaved = outcome.unsaved;
    if (outcome.status === 'completed') {
      this.status = 'done';
      await setRunStatus(database, id, 'done');
    } else if (outcome.status === 'cancelled') {
      this.status = this.#pausedByUser() ? 'paused' : 'cancelled';
      await setRunStatus(database, id, this.status);
    } else if (outcome.stopped.reason === 'storage') {
      // A full disk is not the model's fault: pause, keep what arrived, and say what to do.
      this.status = 'paused';
      this.message = `Storage is full, so the run is paused and nothing is lost (${outcome.unsaved.length} answers are held in this tab). Free some disk space, then resume. (${outcome.stopped.message})`;
      await setRunStatus(database, id, 'paused', this.message).catch(() => undefined);
    } else {
      this.status = 'stopped';
      this.message = outcome.stopped.message;
      await setRunStatus(database, id, 'stopped', outcome.stopped.message);
    }
  }
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
async function requestPersistentStorage(): Promise<void> {
  // Older browsers have no StorageManager at all.
  if ('storage' in navigator) await navigator.storage.persist().catch(() => false);
}
