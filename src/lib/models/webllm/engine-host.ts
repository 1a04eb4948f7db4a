/**
 * The worker's side: owns the engine, runs requests one at a time, and answers each with
 * events. Kept apart from `engine.worker.ts` so it can be tested with a fake engine.
 */
import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  InitProgressReport
} from '@mlc-ai/web-llm';
import { ModelError } from '$lib/core/ports';
import { toModelError } from './webllm-errors';
import { checkModelFiles, type FetchLike } from './preflight';
import {
  errorEvent,
  parseRequest,
  requestIdOf,
  type CompletionResult,
  type WireModelRecord,
  type WorkerEvent,
  type WorkerRequest
} from './protocol';
import { modelBaseUrl } from './urls';

/** The part of web-llm's MLCEngine the host uses. */
export interface EngineLike {
  setAppConfig(config: AppConfig): void;
  setInitProgressCallback(callback: (report: InitProgressReport) => void): void;
  reload(modelId: string): Promise<void>;
  streamChat(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export interface HostDeps {
  createEngine(): EngineLike;
  /** Whether web-llm already holds the model's weights (then there is nothing to check online). */
  isCached(record: WireModelRecord): Promise<boolean>;
  fetch: FetchLike;
  post(event: WorkerEvent): void;
}

interface Running {
  request: WorkerRequest;
  controller: AbortController;
}

export class EngineHost {
  private engine: EngineLike | undefined;
  private loaded: WireModelRecord | undefined;
  private queue: Promise<void> = Promise.resolve();
  private running: Running | undefined;
  private readonly aborted = new Set<number>();

  constructor(private readonly deps: HostDeps) {}

  receive(data: unknown): void {
    const request = parseRequest(data);
    if (!request) {
      const message = 'The page sent the WebLLM worker a malformed request.';
      this.deps.post(errorEvent(requestIdOf(data) ?? 0, new ModelError('permanent', message)));
      return;
    }
    if (request.type === 'abort') {
      this.abort(request.id);
      return;
    }
    // One at a time: the engine runs one generation, and a load replaces the model under it.
    this.queue = this.queue.then(() => this.run(request));
  }

  private abort(id: number): void {
    this.aborted.add(id);
    const running = this.running;
    if (running?.request.id !== id) return;
    running.controller.abort();
    if (running.request.type === 'complete') this.engine?.interruptGenerate();
    // Unloading aborts web-llm's downloads; its reload() then returns without an error.
    if (running.request.type === 'load') void this.engine?.unload().catch(() => undefined);
  }

  private async run(request: WorkerRequest): Promise<void> {
    const { id } = request;
    if (this.aborted.delete(id)) {
      this.deps.post(errorEvent(id, new ModelError('cancelled', 'Cancelled.')));
      return;
    }
    const controller = new AbortController();
    this.running = { request, controller };
    try {
      const result = await this.perform(request, controller.signal);
      if (this.aborted.has(id)) throw new ModelError('cancelled', 'Cancelled.');
      this.deps.post({ type: 'done', id, result });
    } catch (e) {
      const error = this.aborted.has(id)
        ? new ModelError('cancelled', 'Cancelled.')
        : this.classify(e, request);
      this.deps.post(errorEvent(id, error));
    } finally {
      this.running = undefined;
      this.aborted.delete(id);
    }
  }

  private classify(error: unknown, request: WorkerRequest): ModelError {
    const record = request.type === 'load' ? request.record : this.loaded;
    return toModelError(error, {
      phase: request.type === 'complete' ? 'complete' : request.type === 'unload' ? 'unload' : 'load',
      ...(record ? { modelId: record.model_id, modelUrl: modelBaseUrl(record.model) } : {}),
      ...(record?.vram_required_MB === undefined ? {} : { vramMB: record.vram_required_MB })
    });
  }

  private async perform(request: WorkerRequest, signal: AbortSignal): Promise<CompletionResult | null> {
    switch (request.type) {
      case 'load':
        await this.load(request.id, request.record, signal);
        return null;
      case 'complete':
        return this.complete(request);
      case 'unload':
        this.loaded = undefined;
        await this.engine?.unload();
        return null;
      case 'abort':
        return null;
    }
  }

  private async load(id: number, record: WireModelRecord, signal: AbortSignal): Promise<void> {
    const engine = (this.engine ??= this.deps.createEngine());
    this.loaded = undefined;
    engine.setAppConfig({ model_list: [record] });
    engine.setInitProgressCallback((report) => {
      const progress = Number.isFinite(report.progress) ? Math.min(1, Math.max(0, report.progress)) : 0;
      this.deps.post({ type: 'progress', id, progress, text: report.text });
    });
    if (!(await this.deps.isCached(record))) {
      this.deps.post({ type: 'progress', id, progress: 0, text: 'Checking the model files…' });
      await checkModelFiles(record, this.deps.fetch, signal);
    }
    throwIfCancelled(signal);
    await engine.reload(record.model_id);
    // An abort during reload() makes it return normally, having loaded nothing.
    throwIfCancelled(signal);
    this.loaded = record;
  }

  private async complete(request: Extract<WorkerRequest, { type: 'complete' }>): Promise<CompletionResult> {
    const engine = this.engine;
    if (!engine || !this.loaded)
      throw new ModelError('permanent', 'No WebLLM model is loaded. Load one first.');
    const { sampling } = request;
    const chunks = await engine.streamChat({
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: sampling.temperature,
      top_p: sampling.topP,
      max_tokens: sampling.maxTokens,
      ...(sampling.seed === undefined ? {} : { seed: sampling.seed })
    });
    let text = '';
    let finish: string | null = null;
    let usage: CompletionResult['usage'];
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      const delta = choice?.delta.content;
      if (delta) {
        text += delta;
        this.deps.post({ type: 'text', id: request.id, delta });
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage)
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    }
    if (finish === 'abort' || this.aborted.has(request.id)) throw new ModelError('cancelled', 'Cancelled.');
    const finishReason = finish === 'stop' || finish === 'length' ? finish : 'other';
    return usage ? { text, finishReason, usage } : { text, finishReason };
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ModelError('cancelled', 'Cancelled.');
}
