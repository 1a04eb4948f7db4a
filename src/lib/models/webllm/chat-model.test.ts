/**
 * The page-side model and the worker-side host wired through a fake port that clones every
 * message as postMessage does, with a fake engine in place of web-llm.
 */
import type { ChatCompletionChunk, ChatCompletionRequestStreaming, ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { DEFAULT_SAMPLING } from '$lib/core/schema/run';
import { WebLlmChatModel } from './chat-model';
import { EngineHost, type EngineLike } from './engine-host';
import type { EnginePort } from './port';
import type { WorkerRequest } from './protocol';

const record: ModelRecord = {
  model: 'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f32_1-MLC',
  model_id: 'Qwen3-0.6B-q4f32_1-MLC',
  model_lib: 'https://example.org/Qwen3-0.6B-q4f32_1_cs1k-webgpu.wasm',
  vram_required_MB: 1925
};

function chunk(
  content: string | null,
  finish: 'stop' | 'length' | 'abort' | null = null
): ChatCompletionChunk {
  return {
    id: 'c',
    created: 0,
    model: 'm',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }]
  };
}

class FakeEngine implements EngineLike {
  requests: ChatCompletionRequestStreaming[] = [];
  interrupted = false;
  reloadError: Error | undefined;
  words = ['Hel', 'lo', '!'];
  private progress: ((r: { progress: number; timeElapsed: number; text: string }) => void) | undefined;
  setAppConfig(): void {}
  setInitProgressCallback(
    callback: (r: { progress: number; timeElapsed: number; text: string }) => void
  ): void {
    this.progress = callback;
  }
  reload(): Promise<void> {
    this.progress?.({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
    this.progress?.({ progress: NaN, timeElapsed: 1, text: 'Loading onto the GPU' });
    return this.reloadError ? Promise.reject(this.reloadError) : Promise.resolve();
  }
  streamChat(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> {
    this.requests.push(request);
    return Promise.resolve(this.stream());
  }
  private async *stream(): AsyncGenerator<ChatCompletionChunk> {
    for (const word of this.words) {
      await Promise.resolve();
      if (this.interrupted) {
        yield chunk(null, 'abort');
        return;
      }
      yield chunk(word);
    }
    yield chunk('', 'stop');
    yield {
      ...chunk(null),
      choices: [],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 3,
        total_tokens: 15,
        extra: {
          e2e_latency_s: 0,
          prefill_tokens_per_s: 0,
          decode_tokens_per_s: 0,
          time_to_first_token_s: 0,
          time_per_output_token_s: 0
        }
      }
    };
  }
  interruptGenerate(): void {
    this.interrupted = true;
  }
  unload(): Promise<void> {
    return Promise.resolve();
  }
}

function wire(engine: FakeEngine, cached = true): { model: WebLlmChatModel; sent: WorkerRequest[] } {
  const sent: WorkerRequest[] = [];
  let deliver: (data: unknown) => void = () => undefined;
  const host = new EngineHost({
    createEngine: () => engine,
    isCached: () => Promise.resolve(cached),
    fetch: () => Promise.resolve(new Response('<!doctype html>')),
    post: (event) => {
      deliver(structuredClone(event));
    }
  });
  const port: EnginePort = {
    send: (request) => {
      sent.push(request);
      host.receive(structuredClone(request));
    },
    listen: (onEvent) => {
      deliver = onEvent;
    },
    close: () => undefined
  };
  return { model: new WebLlmChatModel(record, port), sent };
}

/** The ModelError a promise rejects with; anything else fails the test. */
async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  if (error instanceof ModelError) return error;
  throw new Error(`expected a ModelError, got ${String(error)}`);
}

const ask = {
  messages: [{ role: 'user' as const, content: 'Hi' }],
  sampling: { ...DEFAULT_SAMPLING, seed: 7 }
};

describe('WebLlmChatModel through the worker protocol', () => {
  it('loads with progress, streams text, and reports usage and identity', async () => {
    const engine = new FakeEngine();
    const { model } = wire(engine);
    expect(model.identity).toEqual({ provider: 'webllm', model: 'Qwen3-0.6B-q4f32_1-MLC' });
    const progress: number[] = [];
    await model.load({ onProgress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0.5, 0]);
    const pieces: string[] = [];
    const response = await model.complete({ ...ask, onText: (d) => pieces.push(d) });
    expect(pieces).toEqual(['Hel', 'lo', '!']);
    expect(response.text).toBe('Hello!');
    expect(response.finishReason).toBe('stop');
    expect(response.usage).toEqual({ promptTokens: 12, completionTokens: 3 });
    expect(response.timing.firstTextMs).toBeDefined();
    expect(engine.requests[0]).toMatchObject({
      temperature: 0.8,
      top_p: 1,
      max_tokens: 4096,
      seed: 7,
      stream: true
    });
  });

  it('aborting sends abort, interrupts the engine, and rejects as cancelled', async () => {
    const engine = new FakeEngine();
    const { model, sent } = wire(engine);
    await model.load();
    const controller = new AbortController();
    const answer = model.complete({
      ...ask,
      signal: controller.signal,
      onText: () => {
        controller.abort();
      }
    });
    await expect(answer).rejects.toMatchObject({ kind: 'cancelled' });
    expect(sent.map((r) => r.type)).toEqual(['load', 'complete', 'abort']);
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.interrupted).toBe(true);
    // The engine is free again for the next request.
    engine.interrupted = false;
    await expect(model.complete(ask)).resolves.toMatchObject({ text: 'Hello!' });
  });

  it('rebuilds a worker error as a ModelError naming the file that could not be downloaded', async () => {
    const { model } = wire(new FakeEngine(), false);
    const error = await rejection(model.load());
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain(
      'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f32_1-MLC/resolve/main/mlc-chat-config.json'
    );
  });

  it('turns an out-of-memory load into a permanent error with advice', async () => {
    const engine = new FakeEngine();
    engine.reloadError = Object.assign(new Error('The WebGPU device was lost while loading the model.'), {
      name: 'DeviceLostError'
    });
    const { model } = wire(engine);
    const error = await rejection(model.load());
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/out of memory.*1925 MB.*smaller model/);
  });

  it('refuses to generate before a model is loaded', async () => {
    const { model } = wire(new FakeEngine());
    const error = await rejection(model.complete(ask));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/Load one first/);
  });

  it('fails pending calls when the worker sends something malformed or dies', async () => {
    let deliver: (data: unknown) => void = () => undefined;
    let crash: (message: string) => void = () => undefined;
    const port: EnginePort = {
      send: () => undefined,
      listen: (onEvent, onCrash) => {
        deliver = onEvent;
        crash = onCrash;
      },
      close: () => undefined
    };
    const model = new WebLlmChatModel(record, port);
    const first = model.load();
    deliver({ type: 'done', id: 1, result: 'yes' });
    await expect(first).rejects.toMatchObject({ message: 'The WebLLM worker sent a malformed message.' });
    const second = new WebLlmChatModel(record, port);
    const pending = second.complete(ask);
    crash('its script could not be loaded');
    const error = await rejection(pending);
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/worker stopped/);
    await expect(second.complete(ask)).rejects.toMatchObject({ kind: 'permanent' });
  });
});
