import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { WllamaChatModel, type CompletionEngine, type WllamaModelInfo } from './model';
import { VALID_UTF8_GRAMMAR } from './prompt';

const INFO: WllamaModelInfo = {
  fileName: 'tiny.gguf',
  sizeBytes: 1000,
  sha256: 'ab'.repeat(32),
  threads: { multiThreaded: true, threads: 2, reason: '' },
  contextSize: 2048,
  chatTemplate: true
};

const SAMPLING = { temperature: 0.8, topP: 0.9, maxTokens: 16, seed: 7 };

/** An engine that records what it was asked and streams the given chunks. */
class FakeEngine implements CompletionEngine {
  calls: { kind: 'chat' | 'raw'; body: Record<string, unknown> }[] = [];
  exited = false;
  constructor(
    private readonly chunks: unknown[],
    private readonly fail?: (signal: AbortSignal | undefined) => Error | undefined
  ) {}
  private stream(body: { abortSignal?: AbortSignal }): AsyncIterable<unknown> {
    const { chunks, fail } = this;
    return (async function* () {
      for (const chunk of chunks) {
        await Promise.resolve();
        const error = fail?.(body.abortSignal);
        if (error) throw error;
        yield chunk;
      }
    })();
  }
  chat(body: Parameters<CompletionEngine['chat']>[0]): Promise<AsyncIterable<unknown>> {
    this.calls.push({ kind: 'chat', body });
    return Promise.resolve(this.stream(body));
  }
  raw(body: Parameters<CompletionEngine['raw']>[0]): Promise<AsyncIterable<unknown>> {
    this.calls.push({ kind: 'raw', body });
    return Promise.resolve(this.stream(body));
  }
  exit(): Promise<void> {
    this.exited = true;
    return Promise.resolve();
  }
}

const noLog = { mark: () => 0, since: () => [] };
const text = (t: string): unknown => ({ choices: [{ text: t, finish_reason: null }] });
const end = {
  choices: [{ text: '', finish_reason: 'length' }],
  usage: { prompt_tokens: 9, completion_tokens: 2 }
};

function clock(): () => number {
  let t = 0;
  return () => (t += 10);
}

describe('WllamaChatModel', () => {
  it('names the provider, the file and the SHA-256 of its bytes', () => {
    const model = new WllamaChatModel(new FakeEngine([]), noLog, INFO);
    expect(model.identity).toEqual({ provider: 'wllama', model: 'tiny.gguf', fileSha256: INFO.sha256 });
    expect(model.concurrency).toBe(1);
  });

  it('uses the chat template when the model has one, with the run sampling and the UTF-8 guard', async () => {
    const engine = new FakeEngine([text(' a'), end]);
    const model = new WllamaChatModel(engine, noLog, INFO);
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    await model.complete({ messages, sampling: SAMPLING });
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.kind).toBe('chat');
    expect(engine.calls[0]?.body).toMatchObject({
      messages,
      temperature: 0.8,
      top_p: 0.9,
      top_k: 0,
      min_p: 0,
      max_tokens: 16,
      seed: 7,
      grammar: VALID_UTF8_GRAMMAR
    });
  });

  it('renders a plain User:/Assistant: prompt for a model without a template', async () => {
    const engine = new FakeEngine([end]);
    const model = new WllamaChatModel(engine, noLog, { ...INFO, chatTemplate: false });
    await model.complete({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' }
      ],
      sampling: SAMPLING
    });
    expect(engine.calls[0]?.kind).toBe('raw');
    expect(engine.calls[0]?.body).toMatchObject({
      prompt: 'System: Be brief.\nUser: Hi\nAssistant:',
      stop: ['\nUser:']
    });
  });

  it('streams text through onText in order and returns it with usage, finish and timing', async () => {
    const model = new WllamaChatModel(
      new FakeEngine([text(' law'), text(''), text(' of'), end]),
      noLog,
      INFO,
      clock()
    );
    const seen: string[] = [];
    const response = await model.complete({
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: SAMPLING,
      onText: (d) => seen.push(d)
    });
    expect(seen).toEqual([' law', ' of']);
    expect(response.text).toBe(' law of');
    expect(response.usage).toEqual({ promptTokens: 9, completionTokens: 2 });
    expect(response.finishReason).toBe('length');
    expect(response.timing.firstTextMs).toBeGreaterThan(0);
    expect(response.timing.totalMs).toBeGreaterThan(response.timing.firstTextMs ?? 0);
  });

  it("returns '' when the model writes nothing", async () => {
    const model = new WllamaChatModel(new FakeEngine([end]), noLog, INFO);
    const response = await model.complete({
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: SAMPLING
    });
    expect(response.text).toBe('');
    expect(response.timing.firstTextMs).toBeUndefined();
  });

  it('stops with a cancelled ModelError when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const abortError = (signal: AbortSignal | undefined): Error | undefined =>
      signal?.aborted ? Object.assign(new Error('Operation aborted'), { name: 'AbortError' }) : undefined;
    const engine = new FakeEngine([text(' a'), text(' b'), text(' c'), end], abortError);
    const model = new WllamaChatModel(engine, noLog, INFO);
    const seen: string[] = [];
    const pending = model.complete({
      messages: [{ role: 'user', content: 'Hi' }],
      sampling: SAMPLING,
      signal: controller.signal,
      onText: (d) => {
        seen.push(d);
        controller.abort();
      }
    });
    await expect(pending).rejects.toMatchObject({ name: 'ModelError', kind: 'cancelled' });
    expect(seen).toEqual([' a']);
  });

  it('does not start when the signal is already aborted', async () => {
    const engine = new FakeEngine([end]);
    const model = new WllamaChatModel(engine, noLog, INFO);
    const pending = model.complete({ messages: [], sampling: SAMPLING, signal: AbortSignal.abort() });
    await expect(pending).rejects.toBeInstanceOf(ModelError);
    expect(engine.calls).toHaveLength(0);
  });

  it('explains an engine failure from the log lines written during the request', async () => {
    const log = {
      mark: () => 1,
      since: (mark: number) =>
        mark === 1 ? ['[json.exception.type_error.316] invalid UTF-8 byte at index 0: 0xA9'] : []
    };
    const engine = new FakeEngine(
      [text(' a'), end],
      () => new Error('Invalid typed array length: 1163217991')
    );
    const model = new WllamaChatModel(engine, log, INFO);
    const pending = model.complete({ messages: [{ role: 'user', content: 'Hi' }], sampling: SAMPLING });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'transient' });
    expect(String(error)).toContain('not valid UTF-8');
  });

  it('frees the engine on unload', async () => {
    const engine = new FakeEngine([]);
    await new WllamaChatModel(engine, noLog, INFO).unload();
    expect(engine.exited).toBe(true);
  });
});
