import type { RunBundle } from '$lib/core/analysis/bundle';
import type { ItemResult, RunConfig } from '$lib/core/schema/run';
import type { CqBenchDatabase, RunRecord } from './db';
import { pause } from './runs';

export interface ImportOutcome {
  /** The stored run: the new one, or with `already` the one this browser held before. */
  runId: string;
  /** Set when a bundle's stated scores disagree with the recomputed ones. */
  flagged?: string;
  /** The run was in this browser already, imported before or made here: nothing was stored. */
  already?: 'imported' | 'made here';
}

/** A file read and verified, ready to be stored. */
export interface PreparedImport {
  file: string;
  config: RunConfig;
  results: readonly ItemResult[];
  /** The run's items on its dataset (its categories of it), all there are to answer. */
  total: number;
  note: string;
  /** A bundle's judgings, in the bundle's order (the first is the one its scores were verified with). */
  judgings: NonNullable<RunBundle['judgings']>;
  reviews: NonNullable<RunBundle['reviews']>;
  flagged?: string;
  /** The id the run had where it was made (bundles only). */
  sourceRunId?: string;
}

// How an imported run's note names the run it came from (shown to the user).
export const sourceTag = (runId: string): string => `(run ${runId})`;

/**
 * The stored run a bundle's run already is: the run itself (a bundle exported from this
 * browser) or an earlier import of it. Runs imported before `importedFrom` was recorded are
 * known by the source tag in their note.
 */
function heldAs(runs: readonly RunRecord[], sourceRunId: string): RunRecord | undefined {
  const tag = sourceTag(sourceRunId);
  return (
    runs.find((r) => r.id === sourceRunId || r.importedFrom === sourceRunId) ??
    runs.find((r) => r.importedFrom === undefined && r.statusMessage?.includes(tag) === true)
  );
}

/**
 * Responses written per transaction while an import is stored: a transaction of 2,000 held the
 * page for up to 200 ms (Dexie's per-record work on the main thread), and one of 500 still took
 * 100-180 ms on a loaded machine; 200 leave room under the 200 ms budget.
 */
export const WRITE_BATCH = 200;

/** How far a store has got: responses (and judge verdicts) written, of all there are. */
export type StoreProgress = (written: number, of: number) => void;

interface Staged {
  prepared: PreparedImport;
  id: string;
  judgingIds: string[];
}

/**
 * Stores imported runs with all their responses (and bundles' judgings and reviews, moved to
 * the new run ids): all of them or none. A bundle whose run this browser holds already (or that
 * came earlier in the same import) is not stored again: its outcome names the run it already is.
 *
 * Writing 40,000 responses in one transaction held the page for seconds, so responses are
 * written first, `WRITE_BATCH` a transaction with a pause between, under new ids no run has
 * yet: until the last transaction adds the runs (and judgings) that own them, no page reads
 * them. If anything fails, the responses written are deleted; if the tab is closed in between,
 * the next import deletes them (responses whose run or judging does not exist). Imports take a
 * lock, so that sweep never meets another tab's import half-way.
 */
export async function storeImportedRuns(
  db: CqBenchDatabase,
  prepared: readonly PreparedImport[],
  { onProgress, batch = WRITE_BATCH }: { onProgress?: StoreProgress; batch?: number } = {}
): Promise<ImportOutcome[]> {
  return withImportLock(async () => {
    await sweepOrphanResponses(db);
    const held = await db.runs.toArray();
    const outcomes: (ImportOutcome | Staged)[] = [];
    const sources = new Set<string>();
    for (const p of prepared) {
      const before = p.sourceRunId === undefined ? undefined : heldAs(held, p.sourceRunId);
      if (before !== undefined) {
        outcomes.push({ runId: before.id, already: before.id === p.sourceRunId ? 'made here' : 'imported' });
      } else if (p.sourceRunId !== undefined && sources.has(p.sourceRunId)) {
        // The same bundle twice in one import: named after the first, resolved once it has an id.
        outcomes.push({ runId: p.sourceRunId, already: 'imported' });
      } else {
        if (p.sourceRunId !== undefined) sources.add(p.sourceRunId);
        outcomes.push({
          prepared: p,
          id: crypto.randomUUID(),
          judgingIds: p.judgings.map(() => crypto.randomUUID())
        });
      }
    }
    const staged = outcomes.filter((o): o is Staged => 'prepared' in o);
    const written = staged.flatMap((s) => [s.id, ...s.judgingIds]);
    try {
      await writeResponses(db, staged, batch, onProgress);
      await commit(db, staged);
    } catch (e) {
      await db.responses.where('runId').anyOf(written).delete();
      throw e;
    }
    return outcomes.map((o) => {
      if (!('prepared' in o)) {
        if (!sources.has(o.runId)) return o;
        const first = staged.find((s) => s.prepared.sourceRunId === o.runId);
        return first === undefined ? o : { runId: first.id, already: 'imported' };
      }
      const outcome: ImportOutcome = { runId: o.id };
      if (o.prepared.flagged !== undefined) outcome.flagged = o.prepared.flagged;
      return outcome;
    });
  });
}

async function writeResponses(
  db: CqBenchDatabase,
  staged: readonly Staged[],
  size: number,
  onProgress: StoreProgress | undefined
): Promise<void> {
  const lists = staged.flatMap(({ prepared, id, judgingIds }) => [
    { runId: id, results: prepared.results },
    ...prepared.judgings.map((j, i) => ({ runId: judgingIds[i] ?? '', results: j.results }))
  ]);
  const of = lists.reduce((n, l) => n + l.results.length, 0);
  let done = 0;
  onProgress?.(0, of);
  for (const { runId, results } of lists) {
    for (let i = 0; i < results.length; i += size) {
      const batch = results.slice(i, i + size);
      await db.responses.bulkPut(batch.map((result) => ({ runId, itemKey: result.itemKey, result })));
      done += batch.length;
      onProgress?.(done, of);
      await pause();
    }
  }
}

/** The runs, judgings and reviews, in one transaction: the import becomes visible at once. */
async function commit(db: CqBenchDatabase, staged: readonly Staged[]): Promise<void> {
  const start = Date.now();
  await db.transaction('rw', [db.runs, db.judgings, db.reviews], async () => {
    // Read again inside the transaction, so two imports of one bundle at once cannot both store it.
    const held = await db.runs.toArray();
    for (const [index, { prepared: p, id, judgingIds }] of staged.entries()) {
      if (p.sourceRunId !== undefined && heldAs(held, p.sourceRunId) !== undefined)
        throw new Error(`the run ${p.sourceRunId} was imported meanwhile; import again to see it`);
      const { total } = p;
      // Distinct, ordered times: the runs list and the judgings keep the order they were imported in.
      const at = (offset: number): string => new Date(start + index * 1000 + offset).toISOString();
      const verifiedWith = judgingIds[0];
      const record: RunRecord = {
        id,
        config: p.config,
        status: p.results.length >= total ? 'done' : 'stopped',
        statusMessage: p.note,
        ...(verifiedWith === undefined ? {} : { scoringJudgingId: verifiedWith }),
        ...(p.sourceRunId === undefined ? {} : { importedFrom: p.sourceRunId }),
        total,
        createdAt: at(0),
        updatedAt: at(0)
      };
      await db.runs.add(record);
      held.push(record);
      for (const [j, judging] of p.judgings.entries()) {
        await db.judgings.add({
          id: judgingIds[j] ?? crypto.randomUUID(),
          runId: id,
          config: { ...judging.config, runId: id },
          status: 'done',
          total: judging.results.length,
          createdAt: at(j + 1),
          updatedAt: at(j + 1)
        });
      }
      await db.reviews.bulkPut(
        p.reviews.map((review) => ({
          runId: id,
          itemKey: review.itemKey,
          gold: review.gold,
          review: { ...review, runId: id }
        }))
      );
    }
  });
}

/**
 * Deletes responses that belong to no run and no judging: an import's written responses whose
 * tab was closed before it finished. Reads only the index's distinct run ids.
 */
export async function sweepOrphanResponses(db: CqBenchDatabase): Promise<number> {
  const [owners, runs, judgings] = await Promise.all([
    db.responses.orderBy('runId').uniqueKeys(),
    db.runs.toCollection().primaryKeys(),
    db.judgings.toCollection().primaryKeys()
  ]);
  const known = new Set<string>([...runs, ...judgings]);
  const orphans = owners.map(String).filter((id) => !known.has(id));
  if (orphans.length > 0) await db.responses.where('runId').anyOf(orphans).delete();
  return orphans.length;
}

/** Runs `f` holding the import lock of this origin (every tab), where the browser has locks. */
function withImportLock<T>(f: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks === undefined ? f() : locks.request('cqbench-import', f);
}
