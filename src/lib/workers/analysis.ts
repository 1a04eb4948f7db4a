/**
 * The work the browser does off its main thread: reading and verifying run bundles, scoring a
 * stored run for its page, and computing leaderboard aggregates. `AnalysisSession.handle` is the
 * one code path for all of it: `analysis.worker.ts` runs it in a Web Worker, and where there is
 * no Worker (unit tests) the client calls it in-process. Everything that crosses is plain data.
 */
import {
  readRunBundle,
  scoreStoredRun,
  verifyRunBundle,
  type BundleStatus,
  type RunAggregate,
  type RunBundle,
  type ScoredRun,
  type StoredRunInput
} from '../core/analysis';
import { planKeys, type RunDataset } from '../core/dataset/run-dataset';
import { FormatError } from '../core/format-error';
import { readStoredReleaseBundle, type ReleaseBundle } from '../core/formats/bundle';
import type { ItemResult } from '../core/schema/run';
import { UserError } from '../core/user-message';

/** Requests, tagged by `type`; each has the reply named in `AnalysisReplies`. */
export type AnalysisRequest =
  | { type: 'read-bundle'; file: string; text: string }
  | { type: 'verify-bundle'; token: number; dataset: RunDataset; split: string[] }
  | { type: 'take-bundle'; token: number; batch: number }
  | { type: 'drop-bundle'; token: number }
  | { type: 'read-dataset'; raw: unknown }
  | { type: 'stage-results'; token: number | null; results: unknown[] }
  | { type: 'score-run'; input: StagedRunInput }
  | { type: 'aggregate'; input: StagedRunInput };

/**
 * A stored run whose responses were sent ahead in batches (`stage-results`, under `staged`):
 * 40,000 of them in one message held the page for a quarter of a second to copy.
 */
export type StagedRunInput = Omit<StoredRunInput, 'rawResults'> & { staged: number | null };

/** A bundle read and validated, kept in the session under `token` until taken or dropped. */
export interface ReadBundle {
  token: number;
  run: RunBundle['run'];
  results: number;
}

/** A bundle's results, sent a batch at a time; its judgings and reviews come with the reply. */
export interface TakenBundle {
  judgings: NonNullable<RunBundle['judgings']>;
  reviews: NonNullable<RunBundle['reviews']>;
}

export interface AnalysisReplies {
  'read-bundle': ReadBundle;
  'verify-bundle': { status: BundleStatus };
  'take-bundle': TakenBundle;
  'drop-bundle': null;
  'read-dataset': ReleaseBundle | null;
  'stage-results': number;
  'score-run': { aggregate: RunAggregate; scored: ScoredRun; damaged: number };
  aggregate: RunAggregate;
}

/** What a request sends before its reply: a batch of a bundle's results. */
export type AnalysisEvent = { type: 'results'; results: ItemResult[] };

/** An error as it crosses the boundary, rebuilt on the other side by `rebuildError`. */
export interface CrossingError {
  name: string;
  message: string;
  format?: { file: string; where: string; detail: string };
}

export function crossingError(e: unknown): CrossingError {
  if (e instanceof FormatError)
    return { name: e.name, message: e.message, format: { file: e.file, where: e.where, detail: e.detail } };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function rebuildError(e: CrossingError): Error {
  if (e.format !== undefined) return new FormatError(e.format.file, e.format.where, e.format.detail);
  if (e.name === 'UserError') return new UserError(e.message);
  const error = new Error(e.message);
  // A DOMException's name (QuotaExceededError, say) is what tells one failure from another.
  error.name = e.name;
  return error;
}

export class AnalysisSession {
  readonly #bundles = new Map<number, { file: string; bundle: RunBundle }>();
  readonly #staged = new Map<number, unknown[]>();
  #next = 1;

  async handle(
    request: AnalysisRequest,
    emit: (event: AnalysisEvent) => void
  ): Promise<AnalysisReplies[AnalysisRequest['type']]> {
    switch (request.type) {
      case 'read-bundle': {
        const bundle = readRunBundle(request.file, request.text);
        const token = this.#next++;
        this.#bundles.set(token, { file: request.file, bundle });
        return { token, run: bundle.run, results: bundle.results.length };
      }
      case 'verify-bundle': {
        const { file, bundle } = this.#bundle(request.token);
        const check = await verifyRunBundle(bundle, request.dataset, request.split, 'local', file);
        refuseUnknownItems(file, bundle, request.dataset);
        return { status: check.status };
      }
      case 'take-bundle': {
        const { bundle } = this.#bundle(request.token);
        this.#bundles.delete(request.token);
        for (let i = 0; i < bundle.results.length; i += request.batch)
          emit({ type: 'results', results: bundle.results.slice(i, i + request.batch) });
        return { judgings: bundle.judgings ?? [], reviews: bundle.reviews ?? [] };
      }
      case 'drop-bundle':
        this.#bundles.delete(request.token);
        return null;
      case 'read-dataset':
        return readStoredReleaseBundle(request.raw) ?? null;
      case 'stage-results': {
        const token = request.token ?? this.#next++;
        const list = this.#staged.get(token) ?? [];
        for (const r of request.results) list.push(r);
        this.#staged.set(token, list);
        return token;
      }
      case 'score-run':
        return scoreStoredRun(this.#unstage(request.input));
      case 'aggregate':
        return (await scoreStoredRun(this.#unstage(request.input))).aggregate;
    }
  }

  #unstage({ staged, ...input }: StagedRunInput): StoredRunInput {
    const rawResults = staged === null ? [] : (this.#staged.get(staged) ?? []);
    if (staged !== null) this.#staged.delete(staged);
    return { ...input, rawResults };
  }

  #bundle(token: number): { file: string; bundle: RunBundle } {
    const kept = this.#bundles.get(token);
    if (kept === undefined) throw new Error(`no bundle ${token} was read`);
    return kept;
  }
}

/**
 * A result for an item the run's categories do not have would be stored and never scored:
 * the bundle is refused, naming the first such item.
 */
function refuseUnknownItems(file: string, bundle: RunBundle, dataset: RunDataset): void {
  const { task } = bundle.run.config;
  const planned = new Set(planKeys(dataset, task));
  const index = bundle.results.findIndex((r) => !planned.has(r.itemKey));
  const result = bundle.results[index];
  if (result !== undefined)
    throw new FormatError(
      file,
      `field "results[${String(index)}].itemKey"`,
      `${result.itemKey} is not an item of ${task} in ${dataset.name}`
    );
}
