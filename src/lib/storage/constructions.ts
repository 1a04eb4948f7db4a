import type { ConstructionRecord, CqBenchDatabase } from './db';
import { z } from 'zod';
import { constructionConfigSchema, type ConstructionConfig } from '$lib/core/construction/construction-file';
import { runLimitsSchema } from '$lib/core/schema/run';
import { constructionPricesSchema, type ConstructionPrices } from '$lib/core/construction/build-progress';

/**
 * Constructions: stories built by a writer model and checked by a checking model. Their
 * replies are kept in `responses` under the construction's id, so the runner's
 * `IndexedDbResultStore` stores and resumes them as it does a run's.
 */

/** How a construction's calls are made: requests in flight (across stories) and the user's limits. */
export const constructionRunSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(64),
  limits: runLimitsSchema.optional()
});
export type ConstructionRun = z.infer<typeof constructionRunSchema>;

export interface StoredConstruction {
  id: string;
  config: ConstructionConfig;
  run: ConstructionRun;
  /** Prices per million tokens for the writer and the checker, when the user entered them. */
  prices?: ConstructionPrices;
  status: ConstructionRecord['status'];
  statusMessage?: string;
  total: number;
  datasetId?: number;
  createdAt: string;
  updatedAt: string;
}

export async function createConstruction(
  db: CqBenchDatabase,
  id: string,
  config: ConstructionConfig,
  run: ConstructionRun,
  prices?: ConstructionPrices
): Promise<void> {
  const at = new Date().toISOString();
  await db.constructions.add({
    id,
    config: constructionConfigSchema.parse(config),
    run: constructionRunSchema.parse(run),
    ...(prices === undefined ? {} : { prices: constructionPricesSchema.parse(prices) }),
    status: 'running',
    total: 0,
    createdAt: at,
    updatedAt: at
  });
}

export async function getConstruction(
  db: CqBenchDatabase,
  id: string
): Promise<StoredConstruction | undefined> {
  const record = await db.constructions.get(id);
  return record && fromRecord(record);
}

/** Constructions newest first; records that no longer validate are left out and counted. */
export async function listConstructions(
  db: CqBenchDatabase
): Promise<{ constructions: StoredConstruction[]; damaged: number }> {
  const constructions: StoredConstruction[] = [];
  let damaged = 0;
  for (const record of await db.constructions.orderBy('createdAt').reverse().toArray()) {
    const construction = fromRecord(record);
    if (construction) constructions.push(construction);
    else damaged++;
  }
  return { constructions, damaged };
}

/** Records the dataset a construction's stories were saved as. */
export async function setConstructionDataset(
  db: CqBenchDatabase,
  id: string,
  datasetId: number
): Promise<void> {
  await db.constructions.update(id, { datasetId });
}

/** Replaces the prices a construction's cost is counted at (none: the cost is not shown). */
export async function setConstructionPrices(
  db: CqBenchDatabase,
  id: string,
  prices: ConstructionPrices
): Promise<void> {
  const parsed = constructionPricesSchema.parse(prices);
  const none = parsed.writer === undefined && parsed.checker === undefined;
  await db.constructions.update(id, { prices: none ? undefined : parsed });
}

/** Deletes a construction with its replies (and those kept from unfinished calls). */
export async function deleteConstruction(db: CqBenchDatabase, id: string): Promise<void> {
  await db.transaction('rw', [db.constructions, db.responses, db.partials], async () => {
    await db.responses.where('runId').equals(id).delete();
    await db.partials.where('runId').equals(id).delete();
    await db.constructions.delete(id);
  });
}

function fromRecord(record: ConstructionRecord): StoredConstruction | undefined {
  const config = constructionConfigSchema.safeParse(record.config);
  const run = constructionRunSchema.safeParse(record.run);
  if (!config.success || !run.success) return undefined;
  const construction: StoredConstruction = {
    id: record.id,
    config: config.data,
    run: run.data,
    status: record.status,
    total: record.total,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  };
  if (record.statusMessage !== undefined) construction.statusMessage = record.statusMessage;
  if (record.datasetId !== undefined) construction.datasetId = record.datasetId;
  // Prices that no longer read are dropped: the cost is then not shown, nothing else changes.
  const prices = constructionPricesSchema.safeParse(record.prices);
  if (record.prices !== undefined && prices.success) construction.prices = prices.data;
  return construction;
}
