/// <reference lib="webworker" />
/**
 * The analysis worker: each message is one request of `AnalysisSession`, answered with its id;
 * a request's events (progress, batches of a scored run) go first, then its reply or its error.
 */
import { database } from '../storage/instance';
import { AnalysisSession } from './analysis';
import {
  crossingError,
  type AnalysisEvent,
  type AnalysisRequest,
  type CrossingError
} from './analysis-protocol';

type WorkerMessage =
  | { id: number; type: 'event'; event: AnalysisEvent }
  | { id: number; type: 'reply'; value: unknown }
  | { id: number; type: 'error'; error: CrossingError };

const session = new AnalysisSession(database);
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
