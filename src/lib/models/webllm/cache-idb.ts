/**
 * Listing web-llm's IndexedDB cache, used when an app config sets `cacheBackend: 'indexeddb'`:
 * one database per scope, named after it, whose store `urls` holds `{ url, data }`.
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import {
  cacheStorageStore,
  type ArtifactStore,
  type CacheEntry,
  type CacheScope,
  type CacheStorageLike
} from './cache';

export function indexedDbStore(factory: IDBFactory): ArtifactStore {
  return {
    list: (scope) =>
      withUrls(
        factory,
        scope,
        'readonly',
        async (urls) => (await request(urls.getAll())).flatMap(toEntry),
        []
      ),
    remove: (scope, url) =>
      withUrls(
        factory,
        scope,
        'readwrite',
        async (urls) => {
          await request(urls.delete(url));
        },
        undefined
      )
  };
}

/** Runs `use` on a scope's `urls` store, or returns `none` when web-llm never made it. */
async function withUrls<T>(
  factory: IDBFactory,
  scope: CacheScope,
  mode: IDBTransactionMode,
  use: (urls: IDBObjectStore) => Promise<T>,
  none: T
): Promise<T> {
  // open() would create the database; only touch those web-llm made.
  const names = (await factory.databases()).map((d) => d.name);
  if (!names.includes(scope)) return none;
  const db = await request(factory.open(scope));
  try {
    if (!db.objectStoreNames.contains('urls')) return none;
    return await use(db.transaction('urls', mode).objectStore('urls'));
  } finally {
    db.close();
  }
}

function toEntry(row: unknown): CacheEntry[] {
  if (typeof row !== 'object' || row === null || !('url' in row) || typeof row.url !== 'string') return [];
  const data = 'data' in row ? row.data : undefined;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return [{ url: row.url, bytes: data.byteLength }];
  // JSON files (configs, the weights index) are stored parsed.
  const bytes = data === undefined ? 0 : new TextEncoder().encode(JSON.stringify(data)).length;
  return [{ url: row.url, bytes }];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** Where this app config makes web-llm store files. */
export function storeFor(
  appConfig: AppConfig,
  env: { caches?: CacheStorageLike; indexedDB?: IDBFactory }
): ArtifactStore {
  if (appConfig.cacheBackend === 'indexeddb' && env.indexedDB) return indexedDbStore(env.indexedDB);
  if (env.caches) return cacheStorageStore(env.caches);
  return { list: () => Promise.resolve([]), remove: () => Promise.resolve() };
}
