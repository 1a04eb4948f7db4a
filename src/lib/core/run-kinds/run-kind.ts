import type { ItemResult } from '../schema/run';
import type { RunItem } from '../runner/plan';

/**
 * A kind of run: what the one engine (`runItems`) needs from each thing it runs. Task runs and
 * judgings and story checks are kinds today; construction steps are a kind to come. A kind says
 * - `plan`: the items to ask, built deterministically from the kind's input, so a resume
 *   rebuilds the same keys and asks only those not stored;
 * - how a reply is checked: `plan` gives each item that needs it a `check` (a readable
 *   verdict, say), and the engine asks a refused reply again, keeping the refused text;
 * - `store`: the storage its results go to, keyed by the record's id (the IndexedDB table in
 *   the app, the record type of a JSONL file in the CLI);
 * - `summarise`: what the stored results amount to, for the pages and the CLI.
 * Retries, timeouts, resume, progress and durable saving are the engine's, the same for all.
 */
export interface RunKind<Input, Summary> {
  /** The kind's name, as the records of its runs name it. */
  readonly id: RunKindId;
  /** Where its results are stored (see the stores listed in ARCHITECTURE.md). */
  readonly store: ResultTable;
  plan(input: Input): RunItem[];
  summarise(input: Input, results: readonly ItemResult[]): Summary;
}

export type RunKindId = 'task' | 'judging' | 'check';

/** The result tables: the app's IndexedDB table, and the CLI file's record type. */
export type ResultTable = 'results';
