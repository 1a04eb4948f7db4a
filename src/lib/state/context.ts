import { RunController } from './run-controller.svelte';
import { loadedModel } from './engines';

/**
 * The run in progress, made once per tab on first use and kept across pages. Made on first use
 * rather than by the root layout, so that pages which neither run nor load models (the
 * leaderboard, runs, items, datasets) never fetch the run engine and its providers.
 */
let controller: RunController | undefined;

export function useRunController(): RunController {
  return (controller ??= new RunController(loadedModel));
}

// Pages that run models also pick the engines loaded in this tab.
export { useWebLlm, useWllama } from './engines';
