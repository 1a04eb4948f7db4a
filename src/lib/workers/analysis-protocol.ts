/**
 * What crosses between the page and the analysis worker: the requests, their replies and events,
 * and errors as they cross. Apart from the work itself (analysis.ts), so the page's side loads
 * none of the reading and scoring code it hands to the worker.
 */
import type { BundleCheck, BundleStatus, RunBundle } from '../core/analysis/bundle';
import type { RunAggregate } from '../core/analysis/aggregate';
import type { ScoredItem, ScoredRun } from '../core/analysis/score';
import type { StoryAlone } from '../core/analysis/run-report';
import type { RunDataset } from '../core/dataset/run-dataset';
import type { DatasetView } from '../core/dataset/view';
import type { ReaderStory } from '../core/difficulty/reader-stories';
import { FormatError } from '../core/format-error';
import type { NamedText, ReleaseBundle } from '../core/formats/bundle';
import type { LocatedQuestion } from '../core/formats/release';
import type { RunConfig } from '../core/schema/run';
import type { ImportOutcome } from '../storage/imported-runs';
import type { StoredRun } from '../storage/runs';
import { UserError } from '../core/user-message';

/** Requests, tagged by `type`; each has the reply named in `AnalysisReplies`. */
export type AnalysisRequest =
  | { type: 'read-bundle'; file: string; source: string | Blob }
  | { type: 'verify-bundle'; token: number; dataset: RunDataset | KeptDataset; split: string[] }
  | { type: 'check-published'; token: number; dataset: RunDataset; split: string[] }
  | { type: 'store-bundles'; bundles: StoringBundle[] }
  | { type: 'drop-bundle'; token: number }
  | { type: 'import-dataset'; name: string; files: NamedText[]; provenance?: string }
  | { type: 'damaged-datasets' }
  | { type: 'dataset-view'; id: number }
  | { type: 'read-dataset'; id: number }
  | { type: 'keep-dataset'; id: number }
  | { type: 'story-alone'; dataset: KeptDataset; key: string }
  | { type: 'score-run'; input: StoredRunRef; batch: number }
  | { type: 'aggregate'; input: StoredRunRef }
  | { type: 'reader-stories'; input: StoredRunRef };

/**
 * A stored run for the session to score: it reads the run's responses (and judging, reviews)
 * from storage itself. Read by the page and sent over, 40,000 responses held it for most of a
 * second.
 */
export interface StoredRunRef {
  run: StoredRun;
  dataset: RunDataset | KeptDataset;
  /** Every category of the dataset (see `RunItems`). */
  split: string[];
}

/**
 * A run's items out of a dataset the session already checked (`read-dataset`, under `kept`):
 * those categories of it, under this id and name. A large dataset took a quarter of a second to
 * copy each way; sent as this, it crosses once.
 */
export interface KeptDataset {
  kept: number;
  id: string;
  name: string;
  categories: string[];
}

/**
 * A stored dataset read and checked by the session, and kept under `kept` for the runs that
 * use it. `keep-dataset` does the same and sends back only its categories: for pages that score
 * runs on it and show none of its stories (the leaderboard), nothing large crosses back.
 */
export interface CheckedDataset {
  name: string;
  bundle: ReleaseBundle;
  kept: number;
}

/**
 * A bundle read and validated, kept in the session under `token` until taken or dropped. Its
 * `source` is its text, or the file itself: a chosen file crosses by reference and is decoded
 * in the worker (decoding and copying 6 MB of text held the page for a quarter of a second).
 */
export interface ReadBundle {
  token: number;
  run: RunBundle['run'];
  results: number;
}

/**
 * A bundle the session read and verified, to be stored as the page decided: its run on this
 * browser's copy of the dataset (`config`), its note and flag. Its results never leave the
 * worker: handing 40,000 of them to the page to write held it for most of the import.
 */
export interface StoringBundle {
  token: number;
  config: RunConfig;
  /** The run's items on the dataset, all there are to answer. */
  total: number;
  note: string;
  flagged?: string;
}

export interface AnalysisReplies {
  'read-bundle': ReadBundle;
  /** `total`: the run's items on the dataset. */
  'verify-bundle': { status: BundleStatus; total: number };
  /** A published bundle's check; the session lets go of the bundle. */
  'check-published': BundleCheck;
  /** One outcome per bundle, in order (see `storeImportedRuns`). */
  'store-bundles': ImportOutcome[];
  'drop-bundle': null;
  /** The new dataset's id, and the oddities found in its files. */
  'import-dataset': { id: number; warnings: string[] };
  'damaged-datasets': { id: number; name: string }[];
  /** Null: no dataset has that id. A damaged one is refused (see `damagedDataset`). */
  'dataset-view': DatasetView | null;
  'read-dataset': CheckedDataset | null;
  'keep-dataset': { kept: number; name: string; categories: string[] } | null;
  'story-alone': StoryAlone | null;
  'score-run': { aggregate: RunAggregate; scored: ScoredRun; damaged: number };
  aggregate: RunAggregate;
  /** A reader run's figure per story: a few numbers a story, not its scored items. */
  'reader-stories': ReaderStory[];
}

/** A batch of a scored run's long lists, the same stretch of each (see `scoredInBatches`). */
export interface ScoredBatch {
  type: 'scored';
  keys: string[];
  items: ScoredItem[];
  questions: LocatedQuestion[];
  /** The summary's own per-item scores. */
  scores: SummaryItem[];
}

type SummaryItem = ScoredRun['summary']['items'][number];

/** What a request sends before its reply: how far bundles are stored, or a batch of a scored run. */
export type AnalysisEvent = { type: 'stored'; written: number; of: number } | ScoredBatch;

/**
 * A scored run split to cross to the page: its long lists (keys, items, task 1's questions, the
 * summary's per-item scores) in batches of `batch`, and the rest with those lists empty. A 40,000-item run in one message
 * held the page for half a second to copy in; a batch is copied in a short task of its own.
 */
export function scoredInBatches(
  scored: ScoredRun,
  batch: number
): { head: ScoredRun; batches: ScoredBatch[] } {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`a batch holds at least one item, not ${batch}`);
  const questions = scored.task === 'attitude' ? scored.questions : [];
  const scores: readonly SummaryItem[] = scored.summary.items;
  const longest = Math.max(scored.keys.length, scored.items.length, questions.length, scores.length);
  const batches: ScoredBatch[] = [];
  for (let i = 0; i < longest; i += batch)
    batches.push({
      type: 'scored',
      keys: scored.keys.slice(i, i + batch),
      items: scored.items.slice(i, i + batch),
      questions: questions.slice(i, i + batch),
      scores: scores.slice(i, i + batch)
    });
  const head = withLists(scored, { keys: [], items: [], questions: [], scores: [] });
  return { head, batches };
}

/** Puts back together, batch by batch as they arrive, a scored run `scoredInBatches` split. */
export class ScoredAssembly {
  readonly #keys: string[] = [];
  readonly #items: ScoredItem[] = [];
  readonly #questions: LocatedQuestion[] = [];
  readonly #scores: SummaryItem[] = [];

  add(batch: ScoredBatch): void {
    // One at a time: spreading a large batch into push() can exceed the call's argument limit.
    for (const k of batch.keys) this.#keys.push(k);
    for (const i of batch.items) this.#items.push(i);
    for (const q of batch.questions) this.#questions.push(q);
    for (const s of batch.scores) this.#scores.push(s);
  }

  /** The whole scored run, from the head the reply carried. */
  complete(head: ScoredRun): ScoredRun {
    return withLists(head, {
      keys: this.#keys,
      items: this.#items,
      questions: this.#questions,
      scores: this.#scores
    });
  }
}

/** `scored` with its long lists replaced, each put back where its task keeps it. */
function withLists(
  scored: ScoredRun,
  lists: { keys: string[]; items: ScoredItem[]; questions: LocatedQuestion[]; scores: SummaryItem[] }
): ScoredRun {
  const { keys, items, questions, scores } = lists;
  // The summary's per-item scores are of the summary's task, which is the run's.
  switch (scored.task) {
    case 'attitude':
      return {
        ...scored,
        keys,
        items,
        questions,
        summary: { ...scored.summary, items: scores as typeof scored.summary.items }
      };
    case 'selection':
      return {
        ...scored,
        keys,
        items,
        summary: { ...scored.summary, items: scores as typeof scored.summary.items }
      };
    case 'extraction':
      return {
        ...scored,
        keys,
        items,
        summary: { ...scored.summary, items: scores as typeof scored.summary.items }
      };
  }
}

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
