import type { ModelRecord } from '@mlc-ai/web-llm';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  cacheStorageStore,
  deleteCachedModel,
  listCachedModels,
  modelBytes,
  storageUse,
  type CacheStorageLike
} from './cache';
import { indexedDbStore } from './cache-idb';

const HF = 'https://huggingface.co/mlc-ai';
const qwen: ModelRecord = {
  model: `${HF}/Qwen3-0.6B-q4f32_1-MLC`,
  model_id: 'Qwen3-0.6B-q4f32_1-MLC',
  model_lib: 'https://libs/Qwen3-0.6B.wasm'
};
const llama: ModelRecord = {
  model: `${HF}/Llama-8B`,
  model_id: 'Llama-8B',
  model_lib: 'https://libs/Llama-8B.wasm'
};
const llama1k: ModelRecord = { ...llama, model_id: 'Llama-8B-1k' };
const unused: ModelRecord = {
  model: `${HF}/Unused`,
  model_id: 'Unused',
  model_lib: 'https://libs/Qwen3-0.6B.wasm'
};

/** A fake Cache Storage: scope -> url -> [content-length header or null, body bytes]. */
function fakeCaches(
  scopes: Record<string, Record<string, [string | null, number]>>
): CacheStorageLike & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    has: (name) => Promise.resolve(name in scopes),
    open: (name) => {
      opened.push(name);
      let files = scopes[name] ?? {};
      return Promise.resolve({
        keys: () => Promise.resolve(Object.keys(files).map((url) => ({ url }))),
        match: (url: string) => {
          const file = files[url];
          if (!file) return Promise.resolve(undefined);
          const [length, size] = file;
          return Promise.resolve({ headers: { get: () => length }, blob: () => Promise.resolve({ size }) });
        },
        delete: (url: string) => {
          const had = url in files;
          files = Object.fromEntries(Object.entries(files).filter(([u]) => u !== url));
          scopes[name] = files;
          return Promise.resolve(had);
        }
      });
    }
  };
}

const QWEN = `${HF}/Qwen3-0.6B-q4f32_1-MLC/resolve/main/`;
const LLAMA = `${HF}/Llama-8B/resolve/main/`;
const stored = (): ReturnType<typeof fakeCaches> =>
  fakeCaches({
    'webllm/model': {
      [`${QWEN}tensor-cache.json`]: ['2000', 2000],
      [`${QWEN}params_shard_0.bin`]: ['30000000', 30000000],
      // No Content-Length stored: the body's size counts.
      [`${QWEN}params_shard_1.bin`]: [null, 1000000],
      [`${LLAMA}params_shard_0.bin`]: ['500', 500]
    },
    'webllm/config': { [`${QWEN}mlc-chat-config.json`]: ['900', 900] },
    'webllm/wasm': { 'https://libs/Qwen3-0.6B.wasm': ['4000000', 4000000] }
  });
const storage = stored();

describe('model cache sizes', () => {
  it('sum the weights, config and library of one model, whichever way the size is known', async () => {
    const store = cacheStorageStore(storage);
    const entries = {
      'webllm/model': await store.list('webllm/model'),
      'webllm/config': await store.list('webllm/config'),
      'webllm/wasm': await store.list('webllm/wasm')
    };
    expect(modelBytes(qwen, entries)).toBe(2000 + 30000000 + 1000000 + 900 + 4000000);
    expect(modelBytes(llama, entries)).toBe(500);
  });

  it('list each stored weights folder once, with every id that reads it, largest first', async () => {
    const asked: string[] = [];
    const api = {
      hasModelInCache: (id: string) => {
        asked.push(id);
        return Promise.resolve(id === 'Qwen3-0.6B-q4f32_1-MLC');
      }
    };
    const rows = await listCachedModels([qwen, llama, llama1k, unused], cacheStorageStore(storage), api, {
      model_list: []
    });
    expect(rows).toEqual([
      { ids: ['Qwen3-0.6B-q4f32_1-MLC'], url: QWEN, bytes: 35002900, complete: true },
      { ids: ['Llama-8B', 'Llama-8B-1k'], url: LLAMA, bytes: 500, complete: false }
    ]);
    // A model whose only stored file is a library it shares is not listed, nor asked about.
    expect(asked).not.toContain('Unused');
  });

  it('do not create caches that do not exist', async () => {
    const empty = fakeCaches({});
    const rows = await listCachedModels(
      [qwen],
      cacheStorageStore(empty),
      { hasModelInCache: () => Promise.resolve(false) },
      { model_list: [] }
    );
    expect(rows).toEqual([]);
    expect(empty.opened).toEqual([]);
  });

  it('read web-llm IndexedDB stores too', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const open = factory.open('webllm/model');
      open.onupgradeneeded = () => open.result.createObjectStore('urls', { keyPath: 'url' });
      open.onerror = () => {
        reject(new Error('open failed'));
      };
      open.onsuccess = () => {
        const tx = open.result.transaction('urls', 'readwrite');
        tx.objectStore('urls').put({ url: `${QWEN}params_shard_0.bin`, data: new ArrayBuffer(1234) });
        tx.objectStore('urls').put({ url: `${QWEN}tensor-cache.json`, data: { records: [] } });
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    });
    const store = indexedDbStore(factory);
    const entries = await store.list('webllm/model');
    expect(entries.map((e) => e.bytes).sort((a, b) => a - b)).toEqual([14, 1234]);
    expect(await store.list('webllm/wasm')).toEqual([]);
    await store.remove('webllm/model', `${QWEN}params_shard_0.bin`);
    expect((await store.list('webllm/model')).map((e) => e.url)).toEqual([`${QWEN}tensor-cache.json`]);
  });
});

describe('deleting a model', () => {
  it('removes every file under its folder, even when web-llm cannot (offline), and nothing else', async () => {
    const caches = stored();
    const store = cacheStorageStore(caches);
    const offline = { deleteModelAllInfoInCache: () => Promise.reject(new TypeError('Failed to fetch')) };
    await deleteCachedModel(qwen, store, offline, { model_list: [qwen] });
    const left = [
      ...(await store.list('webllm/model')),
      ...(await store.list('webllm/config')),
      ...(await store.list('webllm/wasm'))
    ];
    expect(left.map((e) => e.url)).toEqual([`${LLAMA}params_shard_0.bin`]);
  });

  it("reports web-llm's failure when files are left that it should have removed", async () => {
    const stubborn = { ...cacheStorageStore(stored()), remove: () => Promise.resolve() };
    const offline = { deleteModelAllInfoInCache: () => Promise.reject(new TypeError('Failed to fetch')) };
    await expect(deleteCachedModel(qwen, stubborn, offline, { model_list: [qwen] })).rejects.toThrow(
      'Failed to fetch'
    );
  });
});

describe('storage figures', () => {
  it('report the estimate', async () => {
    expect(await storageUse({ estimate: () => Promise.resolve({ usage: 5, quota: 10 }) })).toEqual({
      usage: 5,
      quota: 10
    });
    expect(await storageUse(undefined)).toEqual({});
  });
});
