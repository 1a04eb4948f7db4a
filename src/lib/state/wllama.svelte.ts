/**
 * The wllama panel's state: loading a GGUF file into llama.cpp in WebAssembly, and trying a
 * prompt on it. wllama itself is imported only when a model is loaded, so other pages (and
 * this one, until then) never fetch it.
 */
import { ModelError, type ChatUsage } from '$lib/core/ports';
import type { Sampling } from '$lib/core/schema/run';
import { userMessage } from '$lib/core/user-message';
import type { WllamaChatModel } from '$lib/models/wllama/model';
import type { LoadProgress, ModelSource } from '$lib/models/wllama/source';
import { tokensPerSecond } from '$lib/models/wllama/stream';

export type WllamaPhase = 'idle' | 'loading' | 'ready';

/** How the last prompt went, as the panel reports it. */
export interface PromptOutcome {
  usage?: ChatUsage;
  finishReason: 'stop' | 'length' | 'other';
  tokensPerSecond?: number;
}

export class WllamaState {
  phase: WllamaPhase = $state('idle');
  progress: LoadProgress | undefined = $state.raw();
  loadError = $state('');
  model: WllamaChatModel | undefined = $state.raw();
  answer = $state('');
  generating = $state(false);
  stopped = $state(false);
  promptError = $state('');
  outcome: PromptOutcome | undefined = $state.raw();
  private loadController: AbortController | undefined;
  private runController: AbortController | undefined;

  async load(source: ModelSource): Promise<void> {
    this.loadController?.abort();
    await this.unload();
    const controller = new AbortController();
    this.loadController = controller;
    this.phase = 'loading';
    this.loadError = '';
    this.progress = undefined;
    try {
      const { loadWllamaModel } = await import('$lib/models/wllama/load');
      const model = await loadWllamaModel(source, {
        signal: controller.signal,
        onProgress: (p) => {
          this.progress = p;
        }
      });
      if (this.loadController !== controller) {
        // Another load or an unload came first: this model is nobody's.
        await model.unload();
        return;
      }
      this.model = model;
      this.phase = 'ready';
    } catch (e) {
      if (this.loadController !== controller) return;
      this.loadError = userMessage(e);
      this.phase = 'idle';
    } finally {
      if (this.loadController === controller) this.loadController = undefined;
      this.progress = undefined;
    }
  }

  cancelLoad(): void {
    this.loadController?.abort();
  }

  async run(prompt: string, sampling: Sampling): Promise<void> {
    const model = this.model;
    if (model === undefined || this.generating) return;
    const controller = new AbortController();
    this.runController = controller;
    this.generating = true;
    this.stopped = false;
    this.answer = '';
    this.promptError = '';
    this.outcome = undefined;
    try {
      const response = await model.complete({
        messages: [{ role: 'user', content: prompt }],
        sampling,
        signal: controller.signal,
        onText: (delta) => {
          this.answer += delta;
        }
      });
      this.answer = response.text;
      this.outcome = {
        ...(response.usage === undefined ? {} : { usage: response.usage }),
        finishReason: response.finishReason,
        ...optional('tokensPerSecond', tokensPerSecond(response))
      };
    } catch (e) {
      if (e instanceof ModelError && e.kind === 'cancelled') this.stopped = true;
      else this.promptError = userMessage(e);
    } finally {
      this.generating = false;
      this.runController = undefined;
    }
  }

  stop(): void {
    this.runController?.abort();
  }

  /** Frees the model's memory; also cancels a load in progress. */
  async unload(): Promise<void> {
    this.runController?.abort();
    this.loadController?.abort();
    this.loadController = undefined;
    const model = this.model;
    this.model = undefined;
    this.phase = 'idle';
    this.answer = '';
    this.outcome = undefined;
    this.stopped = false;
    this.promptError = '';
    await model?.unload();
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  if (value !== undefined) out[key] = value;
  return out;
}
