import { getContext, setContext } from 'svelte';
import { RunController } from './run-controller.svelte';

const RUN_CONTROLLER = Symbol('run controller');

/** Called once by the root layout: one run controller for the whole app, kept across pages. */
export function provideRunController(): RunController {
  return setContext(RUN_CONTROLLER, new RunController());
}

export function useRunController(): RunController {
  const controller: unknown = getContext(RUN_CONTROLLER);
  if (!(controller instanceof RunController))
    throw new Error('the run controller is provided by the root layout');
  return controller;
}
