import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { DEFAULT_SAMPLING } from '$lib/core/schema/run';
import { errorEvent, errorFromEvent, parseEvent, parseRequest, requestIdOf } from './protocol';

const record = {
  model: 'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f32_1-MLC',
  model_id: 'Qwen3-0.6B-q4f32_1-MLC',
  model_lib: 'https://example.org/Qwen3-0.6B-q4f32_1_cs1k-webgpu.wasm'
};

describe('requests', () => {
  it('accept each kind', () => {
    expect(parseRequest({ type: 'load', id: 1, record })?.type).toBe('load');
    const complete = {
      type: 'complete',
      id: 2,
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: DEFAULT_SAMPLING
    };
    expect(parseRequest(complete)).toEqual(complete);
    expect(parseRequest({ type: 'abort', id: 2 })).toEqual({ type: 'abort', id: 2 });
    expect(parseRequest({ type: 'unload', id: 3 })).toEqual({ type: 'unload', id: 3 });
  });

  it('reject what is malformed', () => {
    expect(parseRequest('load')).toBeUndefined();
    expect(parseRequest({ type: 'reload', id: 1 })).toBeUndefined();
    expect(parseRequest({ type: 'abort' })).toBeUndefined();
    expect(parseRequest({ type: 'load', id: 1, record: { ...record, model: 'not a url' } })).toBeUndefined();
    expect(
      parseRequest({ type: 'load', id: 1, record: { ...record, model_lib: 'file:///x.wasm' } })
    ).toBeUndefined();
    const sampling = { ...DEFAULT_SAMPLING, topP: 0 };
    expect(
      parseRequest({ type: 'complete', id: 2, messages: [{ role: 'user', content: 'Hi' }], sampling })
    ).toBeUndefined();
    expect(
      parseRequest({ type: 'complete', id: 2, messages: [], sampling: DEFAULT_SAMPLING })
    ).toBeUndefined();
    expect(
      parseRequest({
        type: 'complete',
        id: 2,
        messages: [{ role: 'tool', content: 'x' }],
        sampling: DEFAULT_SAMPLING
      })
    ).toBeUndefined();
    // The id of a malformed request is still found, so the worker can answer it.
    expect(requestIdOf({ type: 'reload', id: 7 })).toBe(7);
  });

  it('drop record fields the worker does not use', () => {
    const parsed = parseRequest({
      type: 'load',
      id: 1,
      record: { ...record, integrity: { onFailure: 'warn' } }
    });
    expect(parsed?.type === 'load' && 'integrity' in parsed.record).toBe(false);
  });
});

describe('events', () => {
  it('accept each kind and reject the malformed', () => {
    expect(parseEvent({ type: 'progress', id: 1, progress: 0.5, text: 'Fetching' })?.type).toBe('progress');
    expect(parseEvent({ type: 'text', id: 1, delta: 'Hel' })?.type).toBe('text');
    expect(parseEvent({ type: 'done', id: 1, result: null })?.type).toBe('done');
    const result = { text: 'Hi', finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 1 } };
    expect(parseEvent({ type: 'done', id: 1, result })).toEqual({ type: 'done', id: 1, result });
    expect(parseEvent({ type: 'progress', id: 1, progress: 2, text: '' })).toBeUndefined();
    expect(
      parseEvent({ type: 'done', id: 1, result: { text: 'Hi', finishReason: 'abort' } })
    ).toBeUndefined();
    expect(parseEvent({ type: 'error', id: 1, error: 'Failed to fetch' })).toBeUndefined();
    expect(
      parseEvent({ type: 'error', id: 1, error: { name: 'ModelError', kind: 'fatal', message: 'x' } })
    ).toBeUndefined();
  });

  it('carry an error across the boundary as a plain object and rebuild the same ModelError', () => {
    const original = new ModelError('permanent', 'Could not download https://x/y.json: HTTP 404.', {
      status: 404
    });
    // structuredClone is what postMessage does: a class instance would arrive as a plain object.
    const received = parseEvent(structuredClone(errorEvent(4, original)));
    expect(received?.type).toBe('error');
    if (received?.type !== 'error') return;
    const rebuilt = errorFromEvent(received.error);
    expect(rebuilt).toBeInstanceOf(ModelError);
    expect(rebuilt.kind).toBe('permanent');
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.details).toEqual({ status: 404 });
    const rateLimited = new ModelError('rate-limited', 'Slow down', { retryAfterMs: 500 });
    const back = parseEvent(structuredClone(errorEvent(5, rateLimited)));
    expect(back?.type === 'error' && errorFromEvent(back.error).details.retryAfterMs).toBe(500);
  });
});
