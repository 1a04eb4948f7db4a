/**
 * What web-llm keeps on this device: which models, how many bytes each, deleting one, and how
 * much of the browser's storage is used. web-llm stores a model's files under three scopes,
 * keyed by URL: weights and tokenizer under the model's folder, its config beside them, and
 * the compiled library by its own URL.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { modelBaseUrl } from './urls';

export const CACHE_SCOPES = ['webllm/model', 'webllm/config', 'webllm/wasm'] as const;
export type CacheScope = (typeof CACHE_SCOPES)[number];

export interface CacheEntry {
  url: string;
  bytes: number;
}

/** web-llm's stored files, by scope: Cache Storage, or IndexedDB when the app config says so. */
export interface ArtifactStore {
  list(scope: CacheScope): Promise<CacheEntry[]>;
  remove(scope: CacheScope, url: string): Promise<void>;
}

export interface CachedModel {
  /** Every model id that reads these files (web-llm lists some weights under two ids). */
  ids: string[];
  url: string;
  bytes: number;
  /** web-llm's `hasModelInCache`: every shard is there. False for a download cut short. */
  complete: boolean;
}

/** The web-llm functions used here, passed in so the page loads web-llm only when needed. */
export interface WebLlmCacheApi {
  hasModelInCache(modelId: string, appConfig?: AppConfig): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string, appConfig?: AppConfig): Promise<void>;
}

interface ResponseLike {
  headers: { get(name: string): string | null };
  blob(): Promise<{ size: number }>;
}
interface CacheLike {
  keys(): Promise<readonly { url: string }[]>;
  match(url: string): Promise<ResponseLike | undefined>;
  delete(url: string): Promise<boolean>;
}
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<CacheLike>;
}

export function cacheStorageStore(storage: CacheStorageLike): ArtifactStore {
  return {
    list: async (scope) => {
      // open() would create the cache; a page that never loaded a model should leave none behind.
      if (!(await storage.has(scope))) return [];
      const cache = await storage.open(scope);
      const keys = await cache.keys();
      return Promise.all(
        keys.map(async ({ url }) => ({ url, bytes: await responseBytes(await cache.match(url)) }))
      );
    },
    remove: async (scope, url) => {
      if (await storage.has(scope)) await (await storage.open(scope)).delete(url);
    }
  };
}

/** Content-Length when stored (no need to open the body), the body's size otherwise. */
async function responseBytes(response: ResponseLike | undefined): Promise<number> {
  if (!response) return 0;
  const length = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(length) && length > 0) return length;
  return (await response.blob()).size;
}

/** Sums the entries that belong to one model's files. Pure. */
export function modelBytes(
  record: Pick<ModelRecord, 'model' | 'model_lib'>,
  entries: Record<CacheScope, CacheEntry[]>
): number {
  const base = modelBaseUrl(record.model);
  const inFolder = (e: CacheEntry): boolean => e.url.startsWith(base);
  const sum = (list: CacheEntry[]): number => list.reduce((total, e) => total + e.bytes, 0);
  return (
    sum(entries['webllm/model'].filter(inFolder)) +
    sum(entries['webllm/config'].filter(inFolder)) +
    sum(entries['webllm/wasm'].filter((e) => e.url === record.model_lib))
  );
}

/** The models with any file stored, one row per weights folder, largest first. */
export async function listCachedModels(
  records: readonly ModelRecord[],
  store: ArtifactStore,
  api: Pick<WebLlmCacheApi, 'hasModelInCache'>,
  appConfig: AppConfig
): Promise<CachedModel[]> {
  const scoped = await Promise.all(CACHE_SCOPES.map((scope) => store.list(scope)));
  const entries: Record<CacheScope, CacheEntry[]> = {
    'webllm/model': scoped[0] ?? [],
    'webllm/config': scoped[1] ?? [],
    'webllm/wasm': scoped[2] ?? []
  };
  const byFolder = new Map<string, { record: ModelRecord; ids: string[] }>();
  for (const record of records) {
    const url = modelBaseUrl(record.model);
    const group = byFolder.get(url);
    if (group) group.ids.push(record.model_id);
    else byFolder.set(url, { record, ids: [record.model_id] });
  }
  const rows: CachedModel[] = [];
  for (const [url, { record, ids }] of byFolder) {
    // The library alone is shared by many models; only weights or config mean this one was fetched.
    const own =
      entries['webllm/model'].some((e) => e.url.startsWith(url)) ||
      entries['webllm/config'].some((e) => e.url.startsWith(url));
    if (!own) continue;
    const complete = await api.hasModelInCache(record.model_id, appConfig);
    rows.push({ ids, url, bytes: modelBytes(record, entries), complete });
  }
  return rows.sort((a, b) => b.bytes - a.bytes);
}

/**
 * Deletes a model's files. web-llm's own deletion reads the weights index to find the shards,
 * downloading it when it is not stored (so it fails offline) and leaving it behind; shards of a
 * download cut short may not be in it either. Whatever remains under the model's folder goes too.
 */
export async function deleteCachedModel(
  record: ModelRecord,
  store: ArtifactStore,
  api: Pick<WebLlmCacheApi, 'deleteModelAllInfoInCache'>,
  appConfig: AppConfig
): Promise<void> {
  let failure: unknown;
  try {
    await api.deleteModelAllInfoInCache(record.model_id, appConfig);
  } catch (e) {
    failure = e;
  }
  const base = modelBaseUrl(record.model);
  for (const scope of CACHE_SCOPES) {
    const entries = await store.list(scope);
    const mine = entries.filter((e) =>
      scope === 'webllm/wasm' ? e.url === record.model_lib : e.url.startsWith(base)
    );
    for (const entry of mine) await store.remove(scope, entry.url);
  }
  // Left over entries are gone, so web-llm's failure matters only if it came from elsewhere.
  const left = await Promise.all(CACHE_SCOPES.map((scope) => store.list(scope)));
  if (failure !== undefined && left.flat().some((e) => e.url.startsWith(base)))
    throw failure instanceof Error ? failure : new Error('web-llm could not delete the model');
}

export interface StorageUse {
  usage?: number;
  quota?: number;
}

export async function storageUse(storage: Pick<StorageManager, 'estimate'> | undefined): Promise<StorageUse> {
  if (!storage) return {};
  const estimate = await storage.estimate();
  return {
    ...(estimate.usage === undefined ? {} : { usage: estimate.usage }),
    ...(estimate.quota === undefined ? {} : { quota: estimate.quota })
  };
}
