import { WllamaState } from './wllama.svelte';
import { WebLlmState } from './webllm.svelte';
import type { ChatModel } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';

/**
 * The engines that run models in this tab (wllama on the CPU, WebLLM on the GPU), made once per
 * tab on first use and kept across pages, so a model loaded on the Local models page can be run.
 * Apart from the run controller (context.ts), so that the Local models page does not fetch the
 * run engine and storage.
 */
let wllama: WllamaState | undefined;
let webllm: WebLlmState | undefined;

export function useWllama(): WllamaState {
  return (wllama ??= new WllamaState());
}

export function useWebLlm(): WebLlmState {
  return (webllm ??= new WebLlmState());
}

/** The model loaded in this tab that a run recorded, if it is still loaded. */
export function loadedModel(identity: ModelIdentity): ChatModel | undefined {
  return [wllama?.model, webllm?.model].find(
    (m) =>
      m !== undefined &&
      m.identity.provider === identity.provider &&
      m.identity.model === identity.model &&
      m.identity.fileSha256 === identity.fileSha256
  );
}
