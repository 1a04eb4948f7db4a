/**
 * A GGUF model running in llama.cpp compiled to WebAssembly (wllama), as a ChatModel. The
 * engine is reached through a narrow interface, so the request logic is tested without wasm.
 */
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse } from '$lib/core/ports';
import { ModelError } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';
import { MESSAGES, toModelError } from './wllama-errors';
import { PLAIN_STOP, renderPlainPrompt, samplingParams } from './prompt';
import { StreamAccumulator } from './stream';
import type { ThreadPlan } from './threads';

type Sampled = ReturnType<typeof samplingParams> & { abortSignal?: AbortSignal };

/** What the model needs from wllama: two streaming calls and a way to free the memory. */
export interface CompletionEngine {
  /** The model's chat template applied by llama.cpp. */
  chat(body: Sampled & { messages: ChatMessage[] }): Promise<AsyncIterable<unknown>>;
  /** A raw prompt, for models without a chat template. */
  raw(body: Sampled & { prompt: string; stop: string[] }): Promise<AsyncIterable<unknown>>;
  exit(): Promise<void>;
}

/** Where the engine's recent log lines are read, to explain a failure. */
export interface LogReader {
  mark(): number;
  since(mark: number): string[];
}

/** What the panel shows about a loaded model. */
export interface WllamaModelInfo {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  threads: ThreadPlan;
  /** Tokens of context llama.cpp was given. */
  contextSize: number;
  /** True when the file carries a chat template (otherwise a plain User:/Assistant: prompt is used). */
  chatTemplate: boolean;
  architecture?: string;
  name?: string;
}

/** A function, so the check after an await is not narrowed away by the one before it. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

export class WllamaChatModel implements ChatModel {
  readonly identity: ModelIdentity;
  /** llama.cpp in a tab runs one sequence at a time; a second request would only wait. */
  readonly concurrency = 1;

  constructor(
    private readonly engine: CompletionEngine,
    private readonly log: LogReader,
    readonly info: WllamaModelInfo,
    private readonly now: () => number = () => performance.now()
  ) {
    this.identity = { provider: 'wllama', model: info.fileName, fileSha256: info.sha256 };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const { signal, onText } = request;
    if (aborted(signal)) throw new ModelError('cancelled', MESSAGES.stopped);
    const mark = this.log.mark();
    const started = this.now();
    let firstTextMs: number | undefined;
    const answer = new StreamAccumulator();
    const sampled: Sampled = { ...samplingParams(request.sampling), abortSignal: signal };
    try {
      const chunks = this.info.chatTemplate
        ? await this.engine.chat({ ...sampled, messages: request.messages })
        : await this.engine.raw({
            ...sampled,
            prompt: renderPlainPrompt(request.messages),
            stop: PLAIN_STOP
          });
      for await (const chunk of chunks) {
        const delta = answer.push(chunk);
        if (delta === '') continue;
        firstTextMs ??= this.now() - started;
        onText?.(delta);
      }
    } catch (e) {
      throw toModelError(e, this.log.since(mark), signal);
    }
    // wllama looks at the signal only between tokens; an abort after the last one still counts.
    if (aborted(signal)) throw new ModelError('cancelled', MESSAGES.stopped);
    return {
      text: answer.text,
      ...(answer.usage === undefined ? {} : { usage: answer.usage }),
      finishReason: answer.finishReason ?? 'other',
      timing: { ...(firstTextMs === undefined ? {} : { firstTextMs }), totalMs: this.now() - started }
    };
  }

  /** Frees the engine: its worker, wasm memory and the model. */
  async unload(): Promise<void> {
    await this.engine.exit();
  }
}
