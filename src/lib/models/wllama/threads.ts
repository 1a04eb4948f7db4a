/** How many threads llama.cpp gets, and why: shown to the user beside the loaded model. */
export interface ThreadPlan {
  multiThreaded: boolean;
  threads: number;
  reason: string;
}

/** The most threads worth starting: beyond this a small model waits on synchronisation. */
const MAX_THREADS = 8;

/**
 * Threads need SharedArrayBuffer, which a browser grants only to a cross-origin isolated page
 * (served with COOP and COEP headers). Half the logical processors approximates the physical
 * cores, as wllama itself assumes, but at least two: one thread is the single-threaded mode.
 */
export function planThreads(env: { crossOriginIsolated: boolean; hardwareConcurrency?: number }): ThreadPlan {
  const logical = Math.max(1, Math.floor(env.hardwareConcurrency ?? 1));
  if (!env.crossOriginIsolated) {
    return {
      multiThreaded: false,
      threads: 1,
      reason:
        'The page is not cross-origin isolated (its server does not send the COOP and COEP headers), so WebAssembly threads are not available.'
    };
  }
  return {
    multiThreaded: true,
    threads: Math.min(MAX_THREADS, Math.max(2, Math.floor(logical / 2))),
    reason: `The page is cross-origin isolated, so WebAssembly threads are available (${logical} logical processors).`
  };
}

/** What the engine actually started, which can fall short of the plan. */
export function confirmThreads(
  plan: ThreadPlan,
  actual: { multiThreaded: boolean; threads: number }
): ThreadPlan {
  if (plan.multiThreaded && !actual.multiThreaded) {
    return {
      multiThreaded: false,
      threads: 1,
      reason: 'Threads were planned, but this browser could not start them.'
    };
  }
  return { ...plan, threads: actual.threads };
}

/**
 * This build of llama.cpp needs WebAssembly JSPI (to read the model file asynchronously);
 * wllama's fallback for other browsers comes from a CDN, which the app never uses. Returns
 * why the browser cannot run it, or undefined when it can.
 */
export function missingBrowserFeature(wasm: object): string | undefined {
  if (!('Suspending' in wasm) || !('promising' in wasm)) {
    return 'This browser lacks WebAssembly JavaScript Promise Integration (JSPI), which llama.cpp in WebAssembly needs. Use a recent Chrome or Edge.';
  }
  return undefined;
}
