/**
 * Turns whatever web-llm, WebGPU or the network threw into a ModelError the runner can act on
 * and a user can read. web-llm throws its own classes (matched by `name`, since they arrive
 * minified), DOMExceptions and plain Errors with a message.
 */
import { ModelError } from '$lib/core/ports';
import { CPU_ENGINE_POINTER } from './catalog';

export interface ErrorContext {
  phase: 'load' | 'complete' | 'unload';
  modelId?: string;
  /** The folder the weights come from, named when a download fails without saying which file. */
  modelUrl?: string;
  vramMB?: number;
}

const NETWORK =
  /failed to fetch|networkerror|network response was not ok|cannot fetch|failed to store|request failed|load failed/i;
const MEMORY =
  /out of memory|outofmemory|allocation failed|failed to allocate|device (was )?lost|device is lost/i;

export function toModelError(error: unknown, context: ErrorContext): ModelError {
  if (error instanceof ModelError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  const model = context.modelId ?? 'the model';

  if (name === 'AbortError') return new ModelError('cancelled', 'Cancelled.');
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError')
    return new ModelError(
      'permanent',
      `WebGPU is not available, so WebLLM cannot run here. ${CPU_ENGINE_POINTER}`
    );
  if (name === 'ShaderF16SupportError' || (name === 'FeatureSupportError' && /f16/i.test(message)))
    return new ModelError(
      'permanent',
      `${model} needs shader-f16 (16-bit floats on the GPU), which this GPU lacks. Choose a q4f32 or q0f32 variant.`
    );
  if (name === 'QuotaExceededError')
    return new ModelError(
      'permanent',
      `The browser has no storage left for ${model}. Delete cached models below, or free disk space, and try again.`
    );
  if (name === 'DeviceLostError' || name === 'GPUOutOfMemoryError' || MEMORY.test(message)) {
    const need = context.vramMB === undefined ? '' : ` (it needs about ${Math.round(context.vramMB)} MB)`;
    return new ModelError(
      'permanent',
      `The GPU ran out of memory with ${model}${need}. Close other tabs and programs that use the GPU, or choose a smaller model: fewer parameters, q4 rather than q0, or a -1k variant.`
    );
  }
  if (name === 'ContextWindowSizeExceededError')
    return new ModelError('permanent', `The prompt is longer than ${model} can read: ${message}`);
  if (name === 'IntegrityError')
    return new ModelError('permanent', `A downloaded file of ${model} is corrupt: ${message}`);
  if (name === 'ModelNotLoadedError' || name === 'EngineNotLoadedError')
    return new ModelError('permanent', 'No WebLLM model is loaded. Load one first.');
  if (NETWORK.test(message) || (name === 'TypeError' && /fetch/i.test(message))) {
    const url = /https?:\/\/[^\s'"]+/.exec(message)?.[0] ?? context.modelUrl;
    const where = url === undefined ? '' : ` from ${url}`;
    return new ModelError(
      'permanent',
      `Could not download a file of ${model}${where} (${message}). Check the connection and the URL.`
    );
  }
  const what = name !== '' && name !== 'Error' ? `${name}: ${message}` : message;
  // A load that failed for an unknown reason fails the same way again; a generation may not.
  if (context.phase === 'complete')
    return new ModelError('transient', `WebLLM failed while answering: ${what}`);
  return new ModelError(
    'permanent',
    `WebLLM failed while ${context.phase === 'load' ? `loading ${model}` : 'unloading'}: ${what}`
  );
}
