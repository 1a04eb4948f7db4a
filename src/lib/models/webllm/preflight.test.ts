import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { checkModelFiles, type FetchLike } from './preflight';

const record = {
  model: 'http://127.0.0.1:4317/no-such-model/',
  model_id: 'mine',
  model_lib: 'http://127.0.0.1:4317/no-such-model/lib.wasm'
};
const CONFIG = 'http://127.0.0.1:4317/no-such-model/resolve/main/mlc-chat-config.json';
const INDEX = 'http://127.0.0.1:4317/no-such-model/resolve/main/tensor-cache.json';

function site(files: Record<string, Response | (() => Response)>): FetchLike & { asked: string[] } {
  const asked: string[] = [];
  const fetch = (url: string): Promise<Response> => {
    asked.push(url);
    const file = files[url];
    if (file === undefined)
      return Promise.resolve(
        new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html' } })
      );
    return Promise.resolve(typeof file === 'function' ? file() : file);
  };
  return Object.assign(fetch, { asked });
}

const json = (value: unknown): Response => new Response(JSON.stringify(value));
const wasm = (): Response => new Response(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));

async function failure(promise: Promise<void>): Promise<ModelError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('checkModelFiles', () => {
  it('names the config URL when a site answers a missing file with its app page', async () => {
    const e = await failure(checkModelFiles(record, site({})));
    expect(e.kind).toBe('permanent');
    expect(e.message).toBe(
      `Could not download the model's configuration (mlc-chat-config.json) from ${CONFIG}: the server answered with a web page instead (is the URL right?).`
    );
  });

  it('names the HTTP status of a missing file', async () => {
    const e = await failure(
      checkModelFiles(record, site({ [CONFIG]: new Response('nope', { status: 404 }) }))
    );
    expect(e.message).toMatch(/from .*mlc-chat-config\.json: the server answered HTTP 404/);
    expect(e.details.status).toBe(404);
  });

  it('says when a server cannot be reached', async () => {
    const unreachable: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const e = await failure(checkModelFiles(record, unreachable));
    expect(e.message).toMatch(/mlc-chat-config\.json: the server could not be reached/);
  });

  it('checks the weights index and the library too', async () => {
    const files = { [CONFIG]: () => json({ tokenizer_files: ['tokenizer.json'] }) };
    expect((await failure(checkModelFiles(record, site(files)))).message).toMatch(
      /weights index \(tensor-cache\.json\) from .*web page/
    );
    const withIndex = { ...files, [INDEX]: () => json({ records: [] }) };
    expect((await failure(checkModelFiles(record, site(withIndex)))).message).toMatch(
      /library \(\.wasm\) from http:\/\/127\.0\.0\.1:4317\/no-such-model\/lib\.wasm: .*web page/
    );
    const other = { ...withIndex, [record.model_lib]: () => new Response('GIF89a') };
    expect((await failure(checkModelFiles(record, site(other)))).message).toMatch(/not WebAssembly/);
  });

  it('passes when every file is what it should be', async () => {
    const fetch = site({
      [CONFIG]: () => json({ tokenizer_files: ['tokenizer.json'] }),
      [INDEX]: () => json({ records: [] }),
      [record.model_lib]: wasm
    });
    await expect(checkModelFiles(record, fetch)).resolves.toBeUndefined();
    expect(fetch.asked).toEqual([CONFIG, INDEX, record.model_lib]);
  });

  it('refuses JSON of another kind', async () => {
    const e = await failure(checkModelFiles(record, site({ [CONFIG]: () => json({ hello: 1 }) })));
    expect(e.message).toMatch(/JSON of another kind/);
  });
});
