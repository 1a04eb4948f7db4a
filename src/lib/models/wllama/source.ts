/** Getting a model file's bytes: from the user's disk or over HTTP, with progress and cancel. */
import { sha256Hex } from '$lib/core/text/sha256';
import { MESSAGES, WllamaLoadError } from './wllama-errors';

export type ModelSource = { kind: 'file'; file: File } | { kind: 'url'; url: string };

export type LoadProgress =
  | { phase: 'download'; loaded: number; total: number | undefined }
  | { phase: 'check' }
  | { phase: 'hash' }
  | { phase: 'start' };

/** The file name a URL points at (the model's name in its identity), without the query. */
export function fileNameFromUrl(url: string, base?: string): string {
  let path: string;
  try {
    path = new URL(url, base).pathname;
  } catch {
    return 'model.gguf';
  }
  const last = path
    .split('/')
    .filter((p) => p !== '')
    .at(-1);
  if (last === undefined) return 'model.gguf';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new WllamaLoadError('aborted', MESSAGES.loadAborted);
}

/** Downloads a model into memory, reporting bytes as they arrive. */
export async function download(
  url: string,
  signal: AbortSignal | undefined,
  onProgress: (p: LoadProgress) => void
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, signal === undefined ? {} : { signal });
  } catch (e) {
    throwIfAborted(signal);
    const detail = e instanceof Error ? e.message : String(e);
    throw new WllamaLoadError(
      'download',
      `Could not download ${url} (${detail}). Check the address, and that its server allows this page to read it (CORS).`
    );
  }
  if (!response.ok || response.body === null) {
    throw new WllamaLoadError(
      'download',
      `Could not download ${url}: the server answered ${response.status} ${response.statusText}.`
    );
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  onProgress({ phase: 'download', loaded, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      onProgress({ phase: 'download', loaded, total });
    }
  } catch (e) {
    throwIfAborted(signal);
    throw new WllamaLoadError(
      'download',
      `The download of ${url} broke off: ${e instanceof Error ? e.message : String(e)}.`
    );
  }
  return new Blob(parts);
}

/** SHA-256 of the whole file: the identity of the weights a run used. */
export async function sha256OfBlob(blob: Blob): Promise<string> {
  return sha256Hex(new Uint8Array(await blob.arrayBuffer()));
}
