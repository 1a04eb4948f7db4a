import { z } from 'zod';
import type { BundleStatus } from '$lib/core/analysis/bundle';
import type { RunAggregate } from '$lib/core/analysis/aggregate';
import type { ScoredRun } from '$lib/core/analysis/score';
import { userMessage } from '$lib/core/user-message';
import { splitOfDataset } from '$lib/core/dataset/view';
import type { RunDataset } from '$lib/core/dataset/run-dataset';
import type { RunConfig } from '$lib/core/schema/run';
import { loadRunDataset } from '$lib/data/load-run-dataset';
import { analysis } from './analysis-client';

/** Where a static build keeps its published run bundles, and the index that lists them. */
export const PUBLISHED_DIR = '/leaderboard';
export const PUBLISHED_INDEX = `${PUBLISHED_DIR}/index.json`;

// Only plain file names: the index must not be able to point the page anywhere else.
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/, 'a plain file name ending in .json');

const indexSchema = z.strictObject({
  bundles: z.array(z.strictObject({ file: fileName, note: z.string().optional() }))
});

export interface PublishedRun {
  file: string;
  /** What the publisher says about the run (e.g. that it is a baseline). */
  note?: string;
  config: RunConfig;
  dataset: RunDataset;
  aggregate: RunAggregate;
  scored: ScoredRun;
  /** Verified, rescored (scored by another scorer version) or edited (stated figures disagree). */
  status: BundleStatus;
}

export interface PublishedRuns {
  runs: PublishedRun[];
  /** Bundles that could not be shown, each with the reason. */
  errors: string[];
}

export type Fetch = typeof fetch;

/** Reads the published index; a build without one simply has nothing published. */
export async function readIndex(fetcher: Fetch, base: string): Promise<z.infer<typeof indexSchema> | string> {
  const response = await fetcher(`${base}${PUBLISHED_INDEX}`);
  if (response.status === 404) return { bundles: [] };
  const text = await response.text();
  // A static host that answers unknown paths with the app's index.html: nothing is published.
  if (text.trimStart().startsWith('<')) return { bundles: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `leaderboard/index.json: not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `leaderboard/index.json: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`;
  }
  return parsed.data;
}

type Checked = Omit<PublishedRun, 'file' | 'note'>;

// Checking a bundle scores every item again (with intervals), which takes a good part of a
// second: a later visit in the same tab reuses the check of the very same text. Keyed by the
// text itself, so a bundle changed on the host is checked afresh.
const checkedTexts = new Map<string, Promise<Checked>>();
const MAX_CHECKED = 20;

/** Read, verified and scored in the analysis worker: it held the page for half a second. */
async function check(file: string, text: string): Promise<Checked> {
  const worker = analysis();
  const { token, run } = await worker.call({ type: 'read-bundle', file, source: text });
  let checking = false;
  try {
    const { config } = run;
    if (splitOfDataset(config.dataset.id) === undefined)
      throw new Error(`${file}: it was run on "${config.dataset.name}", which this build does not ship`);
    const { dataset, split } = await loadRunDataset(config.dataset.id, config.categories);
    checking = true;
    const verified = await worker.call({ type: 'check-published', token, dataset, split });
    return {
      config,
      dataset,
      aggregate: verified.aggregate,
      scored: verified.scored,
      status: verified.status
    };
  } finally {
    if (!checking) await worker.call({ type: 'drop-bundle', token });
  }
}

function checkOnce(file: string, text: string): Promise<Checked> {
  const key = `${file}\n${text}`;
  let pending = checkedTexts.get(key);
  if (pending === undefined) {
    if (checkedTexts.size >= MAX_CHECKED) checkedTexts.clear();
    pending = check(file, text);
    checkedTexts.set(key, pending);
    // A failed check is not kept: the next visit tries again.
    void pending.catch(() => checkedTexts.delete(key));
  }
  return pending;
}

/** Fetches one published bundle and checks it against the benchmark this build ships. */
export async function loadPublishedRun(
  fetcher: Fetch,
  base: string,
  file: string,
  note?: string
): Promise<PublishedRun> {
  if (!fileName.safeParse(file).success) throw new Error(`${file}: not a published bundle name`);
  const response = await fetcher(`${base}${PUBLISHED_DIR}/${file}`);
  if (!response.ok) throw new Error(`${file}: the host answered ${String(response.status)}`);
  const run: PublishedRun = { file, ...(await checkOnce(file, await response.text())) };
  if (note !== undefined) run.note = note;
  return run;
}

/** Every bundle the index lists; one unreadable bundle is reported and the others still shown. */
export async function loadPublished(fetcher: Fetch, base: string): Promise<PublishedRuns> {
  const index = await readIndex(fetcher, base);
  if (typeof index === 'string') return { runs: [], errors: [index] };
  const settled = await Promise.allSettled(
    index.bundles.map((entry) => loadPublishedRun(fetcher, base, entry.file, entry.note))
  );
  const runs: PublishedRun[] = [];
  const errors: string[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') runs.push(outcome.value);
    else errors.push(userMessage(outcome.reason));
  }
  return { runs, errors };
}
