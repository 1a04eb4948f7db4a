/**
 * The WebLLM panel's state: what the device can do, which models it offers, loading one into a
 * worker, and what web-llm keeps in the browser's storage. The offer is web-llm's model list as
 * the build read it; web-llm itself (some 2 MB) is imported only to read or delete cached
 * models, and in the engine's worker when a model is loaded.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { ModelError } from '$lib/core/ports';
import { buildCatalog, type Catalog } from '$lib/models/webllm/catalog';
import {
  deleteCachedModel,
  listCachedModels,
  storageUse,
  type ArtifactStore,
  type CachedModel,
  type StorageUse,
  type WebLlmCacheApi
} from '$lib/models/webllm/cache';
import { storeFor } from '$lib/models/webllm/cache-idb';
import { WebLlmChatModel, type LoadProgress } from '$lib/models/webllm/chat-model';
import {
  validateCustomModel,
  type CustomModelErrors,
  type CustomModelInput
} from '$lib/models/webllm/custom';
import { detectWebGpu, type GpuDetection } from '$lib/models/webllm/detect';
import { userMessage } from '$lib/core/user-message';
import { spawnEngineWorker, type EnginePort } from '$lib/models/webllm/port';
import { CustomModelStore, browserLocalStorage } from '$lib/models/webllm/custom-store';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'failed';

export class WebLlmState {
  detection: GpuDetection | undefined = $state.raw();
  /** web-llm's prebuilt models, once the panel has started. */
  prebuilt: readonly ModelRecord[] = $state.raw([]);
  custom: readonly ModelRecord[] = $state.raw([]);
  readonly catalog: Catalog | undefined;
  selectedId = $state('');
  phase: LoadPhase = $state('idle');
  progress: LoadProgress = $state({ progress: 0, text: '' });
  error = $state('');
  /** The model in the worker, once loaded. */
  model: WebLlmChatModel | undefined = $state.raw();
  cached: readonly CachedModel[] = $state.raw([]);
  storage: StorageUse = $state({});
  cacheError = $state('');
  startError = $state('');
  /** web-llm's cache functions, imported on first use. */
  private readonly api: WebLlmCacheApi = {
    hasModelInCache: async (id, config) => (await import('@mlc-ai/web-llm')).hasModelInCache(id, config),
    deleteModelAllInfoInCache: async (id, config) =>
      (await import('@mlc-ai/web-llm')).deleteModelAllInfoInCache(id, config)
  };
  private loadController: AbortController | undefined;
  private readonly store = new CustomModelStore(browserLocalStorage());

  constructor(private readonly spawn: () => EnginePort = spawnEngineWorker) {
    this.catalog = $derived(
      this.detection === undefined
        ? undefined
        : buildCatalog(
            [...this.prebuilt, ...this.custom],
            this.detection,
            this.custom.map((r) => r.model_id)
          )
    );
  }

  get appConfig(): AppConfig {
    return { model_list: [...this.prebuilt, ...this.custom] };
  }

  async start(): Promise<void> {
    try {
      this.custom = this.store.read();
      // The list is a module of its own, so pages other than the panel's never fetch it.
      const [detection, prebuilt] = await Promise.all([
        detectWebGpu(navigator),
        import('virtual:webllm-prebuilt-models')
      ]);
      this.prebuilt = prebuilt.default;
      this.detection = detection;
      this.selectedId = this.catalog?.entries[0]?.id ?? '';
    } catch (e) {
      this.startError = `WebLLM could not start: ${userMessage(e)}`;
      return;
    }
    await this.refreshCache();
  }

  /** Adds a model by URL and selects it; returns what is wrong with the form, if anything. */
  addCustom(input: CustomModelInput): CustomModelErrors | undefined {
    const taken = this.appConfig.model_list.map((r) => r.model_id);
    const result = validateCustomModel(input, globalThis.location.href, taken);
    if (!result.ok) return result.errors;
    this.custom = [...this.custom, result.record];
    this.store.write(this.custom);
    this.selectedId = result.record.model_id;
    return undefined;
  }

  removeCustom(id: string): void {
    this.custom = this.custom.filter((r) => r.model_id !== id);
    this.store.write(this.custom);
    if (this.selectedId === id) this.selectedId = this.catalog?.entries[0]?.id ?? '';
  }

  async load(): Promise<void> {
    const entry = this.catalog?.entries.find((e) => e.id === this.selectedId);
    if (!entry || this.phase === 'loading') return;
    this.release();
    this.phase = 'loading';
    this.error = '';
    this.progress = { progress: 0, text: 'Starting the engine…' };
    const controller = new AbortController();
    this.loadController = controller;
    let model: WebLlmChatModel | undefined;
    try {
      model = new WebLlmChatModel(entry.record, this.spawn());
      await model.load({
        signal: controller.signal,
        onProgress: (report) => {
          this.progress = report;
        }
      });
      this.model = model;
      this.phase = 'ready';
    } catch (e) {
      model?.dispose();
      const cancelled = e instanceof ModelError && e.kind === 'cancelled';
      this.phase = cancelled ? 'idle' : 'failed';
      this.error = cancelled ? '' : userMessage(e);
    } finally {
      this.loadController = undefined;
    }
    await this.refreshCache();
  }

  cancelLoad(): void {
    this.loadController?.abort();
  }

  /** Frees the GPU memory and ends the worker. */
  release(): void {
    this.model?.dispose();
    this.model = undefined;
    if (this.phase === 'ready') this.phase = 'idle';
  }

  async refreshCache(): Promise<void> {
    const api = this.api;
    const appConfig = this.appConfig;
    try {
      const [cached, storage] = await Promise.all([
        listCachedModels(appConfig.model_list, this.artifacts(appConfig), api, appConfig),
        storageUse(navigator.storage)
      ]);
      this.cached = cached;
      this.storage = storage;
      this.cacheError = '';
    } catch (e) {
      this.cacheError = `Could not read the model cache: ${userMessage(e)}`;
    }
  }

  async deleteCached(id: string): Promise<void> {
    const appConfig = this.appConfig;
    const record = appConfig.model_list.find((r) => r.model_id === id);
    if (!record) return;
    try {
      await deleteCachedModel(record, this.artifacts(appConfig), this.api, appConfig);
    } catch (e) {
      this.cacheError = `Could not delete ${id}: ${userMessage(e)}`;
    }
    await this.refreshCache();
  }

  private artifacts(appConfig: AppConfig): ArtifactStore {
    return storeFor(appConfig, {
      ...('caches' in globalThis ? { caches: globalThis.caches } : {}),
      ...('indexedDB' in globalThis ? { indexedDB: globalThis.indexedDB } : {})
    });
  }

  dispose(): void {
    this.cancelLoad();
    this.release();
  }
}
