/**
 * Loads a GGUF model into llama.cpp in WebAssembly. Browser only: the panel imports this module
 * lazily, so wllama (and its 10 MB wasm) is fetched only when someone loads a model.
 */
import { LogLevel, Wllama } from '@wllama/wllama';
import { WLLAMA_ASSETS } from './assets';
import { EngineLog } from './engine-log';
import { notGgufMessage, toLoadError, WllamaLoadError } from './wllama-errors';
import { GgufFormatError, metaNumber, metaString, readGgufHeaderOf, type GgufHeader } from './gguf';
import { WllamaChatModel, type CompletionEngine } from './model';
import {
  download,
  fileNameFromUrl,
  sha256OfBlob,
  throwIfAborted,
  type LoadProgress,
  type ModelSource
} from './source';
import { confirmThreads, missingBrowserFeature, planThreads } from './threads';

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** The most context to allocate: the KV cache grows with it. */
  maxContext?: number;
}

/** Enough for a CQ-Bench story, its question and a reasoned answer. */
const DEFAULT_MAX_CONTEXT = 4096;

function engineOf(wllama: Wllama): CompletionEngine {
  return {
    chat: (body) => wllama.createChatCompletion({ ...body, stream: true }),
    raw: (body) => wllama.createCompletion({ ...body, stream: true }),
    exit: () => wllama.exit()
  };
}

async function readHeader(blob: Blob, fileName: string): Promise<GgufHeader> {
  try {
    return await readGgufHeaderOf(blob);
  } catch (e) {
    if (e instanceof GgufFormatError)
      throw new WllamaLoadError('not-gguf', notGgufMessage(fileName, e.message));
    throw e;
  }
}

export async function loadWllamaModel(
  source: ModelSource,
  options: LoadOptions = {}
): Promise<WllamaChatModel> {
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const unsupported = missingBrowserFeature(WebAssembly);
  if (unsupported !== undefined) throw new WllamaLoadError('unsupported', unsupported);

  const fileName = source.kind === 'file' ? source.file.name : fileNameOf(source.url);
  const blob = source.kind === 'file' ? source.file : await download(source.url, signal, progress);
  throwIfAborted(signal);
  progress({ phase: 'check' });
  const header = await readHeader(blob, fileName);
  progress({ phase: 'hash' });
  const sha256 = await sha256OfBlob(blob);
  throwIfAborted(signal);

  progress({ phase: 'start' });
  const architecture = metaString(header, 'general.architecture');
  const trained =
    architecture === undefined ? undefined : metaNumber(header, `${architecture}.context_length`);
  const contextSize = Math.min(options.maxContext ?? DEFAULT_MAX_CONTEXT, trained ?? DEFAULT_MAX_CONTEXT);
  const plan = planThreads({ crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency });
  const log = new EngineLog();
  const wllama = new Wllama(WLLAMA_ASSETS, { logger: log.logger, suppressNativeLog: false });
  wllama.setCompat(null);
  try {
    await wllama.loadModel([blob], {
      n_ctx: contextSize,
      n_threads: plan.threads,
      // The CPU build is what this panel promises; WebGPU is WebLLM's panel.
      n_gpu_layers: 0,
      n_parallel: 1,
      // Keep <think> sections in the text: the scorer reads answers after them.
      reasoning_format: 'none',
      log_level: LogLevel.WARN
    });
    // wllama resolves even when llama.cpp failed to load; an empty vocabulary tells.
    const loaded = wllama.getLoadedContextInfo();
    if (loaded.n_vocab === 0 || loaded.n_ctx === 0) throw new Error('the model did not load');
    throwIfAborted(signal);
    const threads = confirmThreads(plan, {
      multiThreaded: wllama.isMultithread(),
      threads: wllama.getNumThreads()
    });
    const name = metaString(header, 'general.name');
    return new WllamaChatModel(engineOf(wllama), log, {
      fileName,
      sizeBytes: blob.size,
      sha256,
      threads,
      contextSize: loaded.n_ctx,
      chatTemplate: wllama.getChatTemplate() !== null,
      ...(architecture === undefined ? {} : { architecture }),
      ...(name === undefined ? {} : { name })
    });
  } catch (e) {
    await wllama.exit().catch(() => undefined);
    throw toLoadError(e, log.since(0), fileName);
  }
}

function fileNameOf(url: string): string {
  return fileNameFromUrl(url, location.href);
}
