import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { userMessage } from '$lib/core/user-message';
import { classifyEngineLog, toLoadError, toModelError, WllamaLoadError } from './wllama-errors';

/** Lines llama.cpp logged in the browser for each failure (seen with wllama 3.13). */
const OOM_LOG = [
  'ggml_aligned_malloc: insufficient memory (attempted to allocate 9765.62 MB)',
  'llama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache'
];
const NOT_GGUF_LOG = [
  "gguf_init_from_reader: invalid magic characters: '?_?G', expected 'GGUF'",
  'llama_model_load: error loading model: llama_model_loader: failed to load model from models/model-00001-of-00001.gguf'
];
const UTF8_LOG = ['[json.exception.type_error.316] invalid UTF-8 byte at index 0: 0x94'];

const abortError = Object.assign(new Error('Operation aborted'), { name: 'AbortError' });

describe('classifyEngineLog', () => {
  it('recognises running out of memory, a file that is not GGUF, and invalid UTF-8', () => {
    expect(classifyEngineLog(OOM_LOG)).toBe('out-of-memory');
    expect(classifyEngineLog(NOT_GGUF_LOG)).toBe('not-gguf');
    expect(classifyEngineLog(UTF8_LOG)).toBe('invalid-utf8');
    expect(classifyEngineLog(['load_tensors: something else'])).toBeUndefined();
  });
});

describe('toLoadError', () => {
  it('says out of memory in plain words', () => {
    const e = toLoadError(new Error('the model did not load'), OOM_LOG, 'big.gguf');
    expect(e.reason).toBe('out-of-memory');
    expect(e.message).toMatch(/ran out of memory/);
  });

  it('says the file is not a GGUF model, naming it', () => {
    const e = toLoadError(new Error('the model did not load'), NOT_GGUF_LOG, 'notes.gguf');
    expect(e.reason).toBe('not-gguf');
    expect(e.message).toMatch(/^notes\.gguf is not a GGUF model file/);
  });

  it('says loading was cancelled for an abort', () => {
    expect(toLoadError(abortError, [], 'm.gguf').reason).toBe('aborted');
  });

  it("quotes llama.cpp's last line for anything else", () => {
    const e = toLoadError(new Error('x'), ['llama_model_load: unknown model architecture: foo'], 'm.gguf');
    expect(e.reason).toBe('engine');
    expect(e.message).toBe(
      'llama.cpp could not load m.gguf: llama_model_load: unknown model architecture: foo'
    );
  });

  it('keeps a WllamaLoadError as it is', () => {
    const original = new WllamaLoadError('download', 'Could not download');
    expect(toLoadError(original, OOM_LOG, 'm.gguf')).toBe(original);
  });
});

describe('toModelError', () => {
  it('makes an abort, or any failure after the signal aborted, a cancellation', () => {
    expect(toModelError(abortError, []).kind).toBe('cancelled');
    expect(toModelError(new Error('x'), [], AbortSignal.abort()).kind).toBe('cancelled');
  });

  it('does not retry what cannot improve: a full context, lost model, no memory', () => {
    const kvFull = Object.assign(new Error('kv cache full'), { type: 'kv_cache_full' });
    expect(toModelError(kvFull, []).kind).toBe('permanent');
    expect(toModelError(Object.assign(new Error('x'), { type: 'model_not_loaded' }), []).kind).toBe(
      'permanent'
    );
    expect(toModelError(new Error('x'), OOM_LOG).kind).toBe('permanent');
  });

  it('retries invalid UTF-8 and unknown engine faults', () => {
    const utf8 = toModelError(new Error('Invalid typed array length: 1163217991'), UTF8_LOG);
    expect(utf8.kind).toBe('transient');
    expect(utf8.message).toMatch(/not valid UTF-8/);
    expect(toModelError(new Error('boom'), []).kind).toBe('transient');
  });
});

describe('the sentence shown for a wllama error', () => {
  it('is the engine’s own message, and anything else is unexpected', () => {
    expect(userMessage(new ModelError('cancelled', 'Generation was stopped.'))).toBe(
      'Generation was stopped.'
    );
    expect(userMessage(new WllamaLoadError('aborted', 'Loading was cancelled.'))).toBe(
      'Loading was cancelled.'
    );
    expect(userMessage(new Error('odd'))).toBe('Unexpected error: odd');
  });
});

describe('a prompt longer than the context', () => {
  it('stops the run (permanent) with both sizes, instead of being retried', () => {
    const log = [
      'srv    send_error: task id = 0, error: request (15019 tokens) exceeds the available context size (2048 tokens), try increasing it'
    ];
    const error = toModelError(new Error('Model returned an error: [object Object]'), log);
    expect(error.kind).toBe('permanent');
    expect(error.message).toBe(
      "The prompt (15019 tokens) is longer than the model's context (2048 tokens). Use a model with a longer context."
    );
  });
});
