/**
 * The page's side of WebLLM: a ChatModel whose engine runs in a worker. Text streams through
 * `onText`, aborting sends `abort` (the worker interrupts the engine), and the worker's errors
 * arrive as plain objects rebuilt into ModelErrors.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import { ModelError, type ChatModel, type ChatRequest, type ChatResponse } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';
import type { EnginePort } from './port';
import {
  errorFromEvent,
  modelRecordSchema,
  parseEvent,
  type CompletionResult,
  type WireModelRecord,
  type WorkerEvent,
  type WorkerRequest
} from './protocol';

export interface LoadProgress {
  /** 0 to 1. */
  progress: number;
  text: string;
}

interface Pending {
  resolve(result: CompletionResult | null): void;
  reject(error: ModelError): void;
  onText?: (delta: string) => void;
  onProgress?: (report: LoadProgress) => void;
}

const cancelled = (): ModelError => new ModelError('cancelled', 'Cancelled.');

export class WebLlmChatModel implements ChatModel {
  readonly identity: ModelIdentity;
  /** One engine generates one answer at a time. */
  readonly concurrency = 1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private broken: ModelError | undefined;

  constructor(
    readonly record: ModelRecord,
    private readonly port: EnginePort,
    private readonly now: () => number = () => performance.now()
  ) {
    this.identity = { provider: 'webllm', model: record.model_id };
    port.listen(
      (data) => {
        this.receive(data);
      },
      (message) => {
        this.fail(new ModelError('permanent', `The WebLLM worker stopped: ${message}.`));
      }
    );
  }

  /** Downloads (or reads from the cache) and compiles the model. */
  async load(
    options: { onProgress?: (report: LoadProgress) => void; signal?: AbortSignal } = {}
  ): Promise<void> {
    const record = wireRecord(this.record);
    await this.call((id) => ({ type: 'load', id, record }), options.signal, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {})
    });
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const started = this.now();
    let firstTextMs: number | undefined;
    const onText = (delta: string): void => {
      firstTextMs ??= this.now() - started;
      request.onText?.(delta);
    };
    const result = await this.call(
      (id) => ({ type: 'complete', id, messages: request.messages, sampling: request.sampling }),
      request.signal,
      { onText }
    );
    if (!result) throw new ModelError('transient', 'The WebLLM worker finished without an answer.');
    const timing = { totalMs: this.now() - started, ...(firstTextMs === undefined ? {} : { firstTextMs }) };
    return {
      text: result.text,
      finishReason: result.finishReason,
      timing,
      ...(result.usage ? { usage: result.usage } : {})
    };
  }

  /** Frees the GPU memory; the worker stays for the next load. */
  async unload(): Promise<void> {
    await this.call((id) => ({ type: 'unload', id }), undefined, {});
  }

  /** Ends the worker; pending calls fail as cancelled. */
  dispose(): void {
    this.fail(cancelled());
    this.broken = new ModelError(
      'permanent',
      `${this.record.model_id} was unloaded. Load it again to use it.`
    );
    this.port.close();
  }

  private call(
    build: (id: number) => WorkerRequest,
    signal: AbortSignal | undefined,
    handlers: Pick<Pending, 'onText' | 'onProgress'>
  ): Promise<CompletionResult | null> {
    if (this.broken) return Promise.reject(this.broken);
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        // Answer the caller now; the worker's own "cancelled" arrives later and is dropped.
        this.settle(id)?.reject(cancelled());
        this.port.send({ type: 'abort', id });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        ...handlers,
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        }
      });
      this.port.send(build(id));
    });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  private receive(data: unknown): void {
    const event = parseEvent(data);
    if (!event) {
      this.fail(new ModelError('permanent', 'The WebLLM worker sent a malformed message.'));
      return;
    }
    this.handle(event);
  }

  private handle(event: WorkerEvent): void {
    switch (event.type) {
      case 'progress':
        this.pending.get(event.id)?.onProgress?.({ progress: event.progress, text: event.text });
        return;
      case 'text':
        this.pending.get(event.id)?.onText?.(event.delta);
        return;
      case 'done':
        this.settle(event.id)?.resolve(event.result);
        return;
      case 'error':
        this.settle(event.id)?.reject(errorFromEvent(event.error));
        return;
    }
  }

  private fail(error: ModelError): void {
    if (error.kind !== 'cancelled') this.broken = error;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }
}

/** What crosses to the worker: the known fields only (a ModelRecord's `integrity` may hold a function). */
function wireRecord(record: ModelRecord): WireModelRecord {
  const parsed = modelRecordSchema.safeParse(record);
  if (!parsed.success)
    throw new ModelError(
      'permanent',
      `The model record of ${record.model_id} is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.`
    );
  return parsed.data;
}
