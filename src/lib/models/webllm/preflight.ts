/**
 * Checks that a model's small files can be downloaded before web-llm starts. web-llm stores
 * whatever the server answers in its cache and parses it later, so a wrong URL on a site with an
 * SPA fallback (an HTML page with status 200) fails deep inside as "Unexpected token '<'", and a
 * 404 fails as "Request failed", neither saying which file. Checking first names the file.
 */
import { z } from 'zod';
import { ModelError } from '$lib/core/ports';
import { configUrl, modelBaseUrl } from './urls';

export type FetchLike = (url: string, init: { signal?: AbortSignal }) => Promise<Response>;

export interface PreflightRecord {
  model: string;
  model_id: string;
  model_lib: string;
  model_manifest?: string;
}

export async function checkModelFiles(
  record: PreflightRecord,
  fetch: FetchLike,
  signal?: AbortSignal
): Promise<void> {
  const manifest = record.model_manifest !== undefined;
  await checkJson(
    configUrl(record),
    manifest ? 'package manifest' : 'configuration (mlc-chat-config.json)',
    manifest ? ANY_OBJECT : CHAT_CONFIG,
    fetch,
    signal
  );
  // With a manifest the weights index may live elsewhere; web-llm reads its location from it.
  if (!manifest) {
    const index = new URL('tensor-cache.json', modelBaseUrl(record.model)).href;
    await checkJson(index, 'weights index (tensor-cache.json)', TENSOR_INDEX, fetch, signal);
  }
  await checkWasm(record.model_lib, fetch, signal);
}

// Only what tells these files from others; web-llm validates the rest.
const ANY_OBJECT = z.looseObject({});
const CHAT_CONFIG = z.looseObject({ tokenizer_files: z.array(z.string()) });
const TENSOR_INDEX = z.looseObject({ records: z.array(z.unknown()) });

async function get(url: string, what: string, fetch: FetchLike, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw new ModelError('cancelled', 'Cancelled.');
    throw new ModelError(
      'permanent',
      `Could not download the model's ${what} from ${url}: the server could not be reached (offline, a wrong address, or a server that does not allow this site).`
    );
  }
  if (!response.ok)
    throw new ModelError(
      'permanent',
      `Could not download the model's ${what} from ${url}: the server answered HTTP ${response.status}.`,
      {
        status: response.status
      }
    );
  return response;
}

async function checkJson(
  url: string,
  what: string,
  schema: z.ZodType,
  fetch: FetchLike,
  signal: AbortSignal | undefined
): Promise<void> {
  const response = await get(url, what, fetch, signal);
  const text = await response.text();
  if (/^\s*</.test(text)) throw wrongFile(what, url, 'a web page');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw wrongFile(what, url, 'something that is not JSON');
  }
  if (!schema.safeParse(value).success) throw wrongFile(what, url, 'JSON of another kind');
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Reads only the first bytes: the library is megabytes, and web-llm downloads it anyway. */
async function checkWasm(url: string, fetch: FetchLike, signal?: AbortSignal): Promise<void> {
  const what = 'library (.wasm)';
  const response = await get(url, what, fetch, signal);
  const head = await firstBytes(response, WASM_MAGIC.length);
  if (!WASM_MAGIC.every((b, i) => head[i] === b)) {
    const looksHtml = head[0] === 0x3c || (response.headers.get('content-type') ?? '').includes('html');
    throw wrongFile(what, url, looksHtml ? 'a web page' : 'a file that is not WebAssembly');
  }
}

async function firstBytes(response: Response, count: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer()).slice(0, count);
  const reader = response.body.getReader();
  const parts: number[] = [];
  try {
    while (parts.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(...value.subarray(0, count - parts.length));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Uint8Array.from(parts);
}

function wrongFile(what: string, url: string, got: string): ModelError {
  return new ModelError(
    'permanent',
    `Could not download the model's ${what} from ${url}: the server answered with ${got} instead (is the URL right?).`
  );
}
