/// <reference lib="webworker" />
import { classicRunPage } from '$lib/data/run-page';
import type { AnalysisEvent, AnalysisRequest, AnalysisResults } from './protocol';

/**
 * The app's heavy reading and scoring, off the main thread: tens of thousands of responses
 * read from IndexedDB and scored froze pages for seconds. The worker opens the same database
 * (IndexedDB is shared with the page) and sends back only what the page shows.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(event: AnalysisEvent): void {
  scope.postMessage(event);
}

async function answer(request: AnalysisRequest): Promise<AnalysisResults[AnalysisRequest['type']]> {
  // One kind of request so far; more kinds get a `switch` on `request.type`.
  return classicRunPage(request.runId);
}

// A listener, not `onmessage`: papaparse, bundled here through core, claims `onmessage` in a worker.
scope.addEventListener('message', (message: MessageEvent<AnalysisRequest>) => {
  const request = message.data;
  answer(request).then(
    (result) => {
      post({ id: request.id, type: 'result', result });
    },
    (e: unknown) => {
      const error =
        e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
      post({ id: request.id, type: 'error', error });
    }
  );
});
