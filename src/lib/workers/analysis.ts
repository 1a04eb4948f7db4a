/**
 * The work the browser does off its main thread: reading and verifying run bundles, scoring a
 * stored run for its page, computing leaderboard aggregates and reader runs' figures per story. `AnalysisSession.handle` is the
 * one code path for all of it: `analysis.worker.ts` runs it in a Web Worker, and where there is
 * no Worker (unit tests) the client calls it in-process. Everything that crosses is plain data.
 */
import type { RunBundle } from '../core/analysis/bundle';
import type { StoredRunInput } from '../core/analysis/stored-run';
import type { RunDataset } from '../core/dataset/run-dataset';
import { FormatError } from '../core/format-error';
import { decodeUtf8 } from '../core/text/decode';
import type { ReleaseBundle } from '../core/formats/bundle';
import type { CqBenchDatabase } from '../storage/db';
import { damagedImports, getImported } from '../storage/datasets';
import type { PreparedImport } from '../storage/imported-runs';
import { importedView } from './stored-datasets';
import {
  scoredInBatches,
  type AnalysisEvent,
  type AnalysisReplies,
  type AnalysisRequest,
  type KeptDataset,
  type StoredRunRef,
  type StoringBundle
} from './analysis-protocol';

/** Datasets a session keeps at most; the oldest goes first. */
const KEPT_DATASETS = 8;

/**
 * Responses an import writes per transaction. Off the main thread a transaction's size freezes
 * nothing; it barely changes the time either (in Chromium most of it is IndexedDB's own work per
 * record), so it is set for a progress line that moves every few seconds.
 */
const STORE_BATCH = 2_000;

/** The heavy half, loaded once on first need (see analysis-heavy.ts). */
let heavyHalf: Promise<typeof import('./analysis-heavy')> | undefined;
const heavy = (): Promise<typeof import('./analysis-heavy')> => (heavyHalf ??= import('./analysis-heavy'));

export class AnalysisSession {
  readonly #bundles = new Map<number, { file: string; bundle: RunBundle }>();
  // Datasets checked for the page, kept for the runs it scores: a page uses one or a few, and a
  // tab that visits many pages keeps only the latest.
  readonly #datasets = new Map<number, ReleaseBundle>();
  #next = 1;

  readonly #db: CqBenchDatabase;

  /** `db`: the app's database, which the session reads and writes itself. */
  constructor(db: CqBenchDatabase) {
    this.#db = db;
  }

  async handle(
    request: AnalysisRequest,
    emit: (event: AnalysisEvent) => void
  ): Promise<AnalysisReplies[AnalysisRequest['type']]> {
    switch (request.type) {
      case 'read-bundle': {
        const { file, source } = request;
        const text =
          typeof source === 'string' ? source : decodeUtf8(file, new Uint8Array(await source.arrayBuffer()));
        const bundle = (await heavy()).readRunBundle(file, text);
        const token = this.#next++;
        this.#bundles.set(token, { file: request.file, bundle });
        return { token, run: bundle.run, results: bundle.results.length };
      }
      case 'verify-bundle': {
        const { file, bundle } = this.#bundle(request.token);
        const dataset = 'kept' in request.dataset ? this.#keptDataset(request.dataset) : request.dataset;
        const { verifyRunBundle, planKeys } = await heavy();
        const check = await verifyRunBundle(bundle, dataset, request.split, 'local', file);
        refuseUnknownItems(file, bundle, dataset, planKeys);
        return { status: check.status, total: planKeys(dataset, bundle.run.config.task).length };
      }
      case 'check-published': {
        const { file, bundle } = this.#bundle(request.token);
        this.#bundles.delete(request.token);
        return (await heavy()).verifyRunBundle(bundle, request.dataset, request.split, 'published', file);
      }
      case 'store-bundles': {
        try {
          const prepared = request.bundles.map((b) => this.#preparedImport(b));
          return await (
            await heavy()
          ).storeImportedRuns(this.#db, prepared, {
            batch: STORE_BATCH,
            onProgress: (written, of) => {
              emit({ type: 'stored', written, of });
            }
          });
        } finally {
          // Stored or not, the bundles are done with.
          for (const b of request.bundles) this.#bundles.delete(b.token);
        }
      }
      case 'drop-bundle':
        this.#bundles.delete(request.token);
        return null;
      case 'import-dataset': {
        const { name, files, provenance } = request;
        const made = provenance === undefined ? {} : { provenance };
        const { id, bundle } = await (await heavy()).importReleaseFiles(this.#db, name, files, made);
        return { id, warnings: bundle.warnings };
      }
      case 'damaged-datasets':
        return damagedImports(this.#db);
      case 'dataset-view':
        return (await importedView(this.#db, request.id)) ?? null;
      case 'read-dataset': {
        const imported = await getImported(this.#db, request.id);
        if (imported === undefined) return null;
        const { name, bundle } = imported;
        return { name, bundle, kept: this.#keep(bundle) };
      }
      case 'keep-dataset': {
        const imported = await getImported(this.#db, request.id);
        if (imported === undefined) return null;
        const { name, bundle } = imported;
        return { kept: this.#keep(bundle), name, categories: Object.keys(bundle.categories) };
      }
      case 'story-alone':
        // One story of a kept dataset, for its item's prompt: the page holds none of the rest.
        return (await heavy()).storyAlone(this.#keptDataset(request.dataset), request.key) ?? null;
      case 'score-run': {
        const { scoreStoredRun } = await heavy();
        const { aggregate, scored, damaged } = await scoreStoredRun(await this.#stored(request.input));
        const { head, batches } = scoredInBatches(scored, request.batch);
        for (const batch of batches) emit(batch);
        return { aggregate, scored: head, damaged };
      }
      case 'aggregate':
        return (await (await heavy()).scoreStoredRun(await this.#stored(request.input))).aggregate;
      case 'reader-stories': {
        const { readerStoriesOf, runInputOfStored } = await heavy();
        return readerStoriesOf(runInputOfStored(await this.#stored(request.input)).input);
      }
    }
  }

  #keep(bundle: ReleaseBundle): number {
    const kept = this.#next++;
    this.#datasets.set(kept, bundle);
    for (const old of this.#datasets.keys()) {
      if (this.#datasets.size <= KEPT_DATASETS) break;
      this.#datasets.delete(old);
    }
    return kept;
  }

  #preparedImport({ token, config, total, note, flagged }: StoringBundle): PreparedImport {
    const { file, bundle } = this.#bundle(token);
    const prepared: PreparedImport = {
      file,
      config,
      results: bundle.results,
      total,
      note,
      judgings: bundle.judgings ?? [],
      reviews: bundle.reviews ?? [],
      sourceRunId: bundle.run.id
    };
    if (flagged !== undefined) prepared.flagged = flagged;
    return prepared;
  }

  /** The run's material as stored, read here. */
  async #stored({ run, dataset, split }: StoredRunRef): Promise<StoredRunInput> {
    const items = { dataset: 'kept' in dataset ? this.#keptDataset(dataset) : dataset, split };
    return (await heavy()).storedRunInputOf(this.#db, run, items);
  }

  /** The run's items out of a kept dataset, as the page made them out of the same bundle. */
  #keptDataset({ kept, id, name, categories }: KeptDataset): RunDataset {
    const bundle = this.#datasets.get(kept);
    if (bundle === undefined) throw new Error(`no dataset ${kept} was read`);
    return {
      id,
      name,
      categories: Object.fromEntries(
        categories.map((c) => {
          const files = bundle.categories[c];
          if (files === undefined) throw new Error(`dataset ${kept} has no category ${c}`);
          return [c, files];
        })
      )
    };
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
function refuseUnknownItems(
  file: string,
  bundle: RunBundle,
  dataset: RunDataset,
  planKeys: (dataset: RunDataset, task: RunBundle['run']['config']['task']) => string[]
): void {
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
