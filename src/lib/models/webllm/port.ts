/** The channel to the engine worker; a real Worker in the app, a fake in tests. */
import type { WorkerRequest } from './protocol';

export interface EnginePort {
  send(request: WorkerRequest): void;
  /** `onCrash` is called when the worker itself fails (its script did not load, say). */
  listen(onEvent: (data: unknown) => void, onCrash: (message: string) => void): void;
  close(): void;
}

export function spawnEngineWorker(): EnginePort {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  return {
    send: (request) => {
      worker.postMessage(request);
    },
    listen: (onEvent, onCrash) => {
      worker.onmessage = (event: MessageEvent) => {
        onEvent(event.data);
      };
      worker.onmessageerror = () => {
        onCrash('a message from the worker could not be read');
      };
      worker.onerror = (event) => {
        event.preventDefault();
        onCrash(event.message || 'its script could not be loaded');
      };
    },
    close: () => {
      worker.terminate();
    }
  };
}
