/// <reference lib="webworker" />
/**
 * The analysis worker: each message is one request of `AnalysisSession`, answered with its id;
 * a request's events (batches of results) go first, then its reply or its error.
 */
import { AnalysisSession, crossingError, type AnalysisRequest } from './analysis';

type WorkerMessage =
  | { id: number; type: 'event'; event: import('./analysis').AnalysisEvent }
  | { id: number; type: 'reply'; value: unknown }
  | { id: number; type: 'error'; error: import('./analysis').CrossingError };

const session = new AnalysisSession();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (message: MessageEvent<{ id: number; request: AnalysisRequest }>) => {
  const { id, request } = message.data;
  const post = (m: WorkerMessage): void => {
    scope.postMessage(m);
  };
  session
    .handle(request, (event) => {
      post({ id, type: 'event', event });
    })
    .then(
      (value) => {
        post({ id, type: 'reply', value });
      },
      (e: unknown) => {
        post({ id, type: 'error', error: crossingError(e) });
      }
    );
};
