import { browser } from '$app/environment';
import type { ClassicRunPage } from '$lib/data/run-page';
import type { AnalysisEvent, AnalysisRequest, AnalysisResults } from './protocol';

/**
 * The app's side of the analysis worker: one worker per tab, started on first use (today by
 * the run page). Without workers (the prerender, old browsers) nothing is sent: callers get
 * an error saying so.
 */

type Pending = {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, of: number) => void;
};

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function started(): Worker {
  if (worker !== undefined) return worker;
  const created = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
  created.onmessage = (message: MessageEvent<AnalysisEvent>) => {
    const event = message.data;
    const waiting = pending.get(event.id);
    if (waiting === undefined) return;
    if (event.type === 'progress') {
      waiting.onProgress?.(event.done, event.of);
      return;
    }
    pending.delete(event.id);
    if (event.type === 'result') waiting.resolve(event.result as never);
    else waiting.reject(Object.assign(new Error(event.error.message), { name: event.error.name }));
  };
  created.onerror = (e) => {
    // The worker could not start or threw outside a request: every waiting call fails with it.
    for (const waiting of pending.values())
      waiting.reject(new Error(`the analysis worker failed: ${e.message}`));
    pending.clear();
    created.terminate();
    worker = undefined;
  };
  worker = created;
  return created;
}

type Body<T extends AnalysisRequest['type']> = Omit<Extract<AnalysisRequest, { type: T }>, 'id'>;

function ask<T extends AnalysisRequest['type']>(
  request: Body<T>,
  onProgress?: (done: number, of: number) => void
): Promise<AnalysisResults[T]> {
  if (!browser || typeof Worker === 'undefined')
    return Promise.reject(new Error('this browser cannot run the analysis worker'));
  const id = nextId++;
  return new Promise<AnalysisResults[T]>((resolve, reject) => {
    pending.set(id, {
      resolve: resolve,
      reject,
      ...(onProgress ? { onProgress } : {})
    });
    started().postMessage({ ...request, id });
  });
}

/** A task-1 or task-2 run read and scored for its page; undefined when there is no such run. */
export function classicRunPageOffThread(runId: string): Promise<ClassicRunPage | undefined> {
  return ask<'classic-run-page'>({ type: 'classic-run-page', runId });
}
