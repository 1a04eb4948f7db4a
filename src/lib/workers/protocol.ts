import type { ClassicRunPage } from '$lib/data/run-page';

/**
 * Messages between the app and its analysis worker (analysis.worker.ts), tagged by `type`.
 * Each request carries an id; the worker answers it with progress events and then one result
 * or one error. Errors cross as `{name, message}` and are rebuilt as Errors on the app's side.
 */
export type AnalysisRequest = { id: number; type: 'classic-run-page'; runId: string };

export interface AnalysisResults {
  'classic-run-page': ClassicRunPage | undefined;
}

export type AnalysisEvent =
  | { id: number; type: 'progress'; done: number; of: number }
  | { id: number; type: 'result'; result: AnalysisResults[AnalysisRequest['type']] }
  | { id: number; type: 'error'; error: { name: string; message: string } };
