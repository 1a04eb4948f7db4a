import { getContext, setContext } from 'svelte';
import { RunController } from './run-controller.svelte';
import { WllamaState } from './wllama.svelte';
import { WebLlmState } from './webllm.svelte';
import type { ChatModel } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';

const KEY = Symbol('app state');

/**
 * The app's long-lived state, made once by the root layout and kept across pages: the run in
 * progress and the local engines, so a model loaded on the Local models page can be run.
 */
export class AppState {
  constructor(
    readonly runs: RunController,
    readonly wllama: WllamaState,
    readonly webllm: WebLlmState
  ) {}
}

export function provideAppState(): AppState {
  const wllama = new WllamaState();
  const webllm = new WebLlmState();
  const loaded = (identity: ModelIdentity): ChatModel | undefined => {
    const candidates = [wllama.model, webllm.model];
    return candidates.find(
      (m) =>
        m !== undefined &&
        m.identity.provider === identity.provider &&
        m.identity.model === identity.model &&
        m.identity.fileSha256 === identity.fileSha256
    );
  };
  return setContext(KEY, new AppState(new RunController(loaded), wllama, webllm));
}

function app(): AppState {
  const state: unknown = getContext(KEY);
  if (!(state instanceof AppState)) throw new Error('the app state is provided by the root layout');
  return state;
}

export function useRunController(): RunController {
  return app().runs;
}

export function useWllama(): WllamaState {
  return app().wllama;
}

export function useWebLlm(): WebLlmState {
  return app().webllm;
}
