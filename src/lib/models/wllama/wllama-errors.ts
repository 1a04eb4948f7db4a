/**
 * Failures of llama.cpp in WebAssembly, in plain words. wllama reports little itself (a
 * failed load even resolves), so the engine's recent log lines are read to tell why.
 */
import { ModelError } from '$lib/core/ports';
import { UserError } from '$lib/core/user-message';

export type LoadFailure = 'not-gguf' | 'out-of-memory' | 'aborted' | 'download' | 'unsupported' | 'engine';

/** Why a model could not be loaded; the message is written for the user. */
export class WllamaLoadError extends UserError {
  override readonly name: string = 'WllamaLoadError';
  constructor(
    readonly reason: LoadFailure,
    message: string
  ) {
    super(message);
  }
}

const OUT_OF_MEMORY =
  /out of memory|\bOOM\b|insufficient memory|failed to allocate|cannot enlarge memory|could not allocate|allocation failed/i;
const NOT_GGUF = /invalid magic|failed to read key-value pairs|failed to read tensor info|gguf_init_from/i;
const INVALID_UTF8 = /type_error\.316|invalid UTF-8/i;

export const MESSAGES = {
  outOfMemory:
    'The browser tab ran out of memory for this model. Try a smaller or more quantized model (for example Q4), or close other tabs.',
  loadAborted: 'Loading was cancelled.',
  stopped: 'Generation was stopped.',
  invalidUtf8:
    'The model produced bytes that are not valid UTF-8 text, which llama.cpp in WebAssembly cannot pass on. Trying again usually gives another answer.'
} as const;

/** What the engine's log lines say went wrong, when they say it in a way we know. */
export function classifyEngineLog(
  lines: readonly string[]
): 'out-of-memory' | 'not-gguf' | 'invalid-utf8' | undefined {
  const text = lines.join('\n');
  if (OUT_OF_MEMORY.test(text)) return 'out-of-memory';
  if (NOT_GGUF.test(text)) return 'not-gguf';
  if (INVALID_UTF8.test(text)) return 'invalid-utf8';
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function notGgufMessage(fileName: string, detail: string): string {
  return `${fileName} is not a GGUF model file: ${detail}. Pick a .gguf file made for llama.cpp.`;
}

/** A failed load as a WllamaLoadError, the engine's log telling why. */
export function toLoadError(error: unknown, log: readonly string[], fileName: string): WllamaLoadError {
  if (error instanceof WllamaLoadError) return error;
  if (isAbort(error)) return new WllamaLoadError('aborted', MESSAGES.loadAborted);
  const cause = classifyEngineLog([...log, messageOf(error)]);
  if (cause === 'out-of-memory') return new WllamaLoadError('out-of-memory', MESSAGES.outOfMemory);
  if (cause === 'not-gguf')
    return new WllamaLoadError('not-gguf', notGgufMessage(fileName, 'llama.cpp could not read it'));
  const last = log.at(-1)?.trim();
  return new WllamaLoadError('engine', `llama.cpp could not load ${fileName}: ${last ?? messageOf(error)}`);
}

/**
 * A failed generation as a ModelError: stopping is `cancelled`; running out of memory or
 * context cannot be helped by trying again; invalid UTF-8 and other engine faults may be.
 */
export function toModelError(error: unknown, log: readonly string[], signal?: AbortSignal): ModelError {
  if (error instanceof ModelError) return error;
  if (signal?.aborted === true || isAbort(error)) return new ModelError('cancelled', MESSAGES.stopped);
  const type = error instanceof Error && 'type' in error ? error.type : undefined;
  if (type === 'kv_cache_full') {
    return new ModelError(
      'permanent',
      'The prompt and the answer do not fit in the model context. Lower the maximum tokens.'
    );
  }
  if (type === 'model_not_loaded') return new ModelError('permanent', 'The model is no longer loaded.');
  // llama.cpp's server refuses a prompt longer than the context outright; retrying cannot help.
  const tooLong = /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/.exec(
    [...log, messageOf(error)].join('\n')
  );
  if (tooLong) {
    return new ModelError(
      'permanent',
      `The prompt (${tooLong[1]} tokens) is longer than the model's context (${tooLong[2]} tokens). Use a model with a longer context.`
    );
  }
  const cause = classifyEngineLog([...log, messageOf(error)]);
  if (cause === 'out-of-memory') return new ModelError('permanent', MESSAGES.outOfMemory);
  if (cause === 'invalid-utf8') return new ModelError('transient', MESSAGES.invalidUtf8);
  return new ModelError('transient', `llama.cpp failed: ${messageOf(error)}`);
}
