import { z } from 'zod';
import type { RunDataset } from '../dataset/run-dataset';
import { FormatError, parseJsonText } from '../format-error';
import { validate } from '../formats/release';
import { humanVerdictSchema, judgingConfigSchema } from '../schema/judging';
import { itemResultListSchema, runConfigSchema, TASKS, type Task } from '../schema/run';
import { sha256Hex } from '../text/sha256';
import {
  aggregateCellSchema,
  computeRunAggregate,
  datasetHashOf,
  RUN_STATUSES,
  SCORER_VERSION,
  type AggregateCell,
  type RunAggregate,
  type RunInput
} from './aggregate';
import type { Outcome } from '../scoring/outcome';
import { cellKey, type Origin } from './identity';
import type { ScoredRun } from './score';

/**
 * A run bundle: one run with every raw output, its judging and reviews (value extraction),
 * the scores its exporter computed, and hashes. Every object is strict, so nothing that is not
 * part of a run (an API key, say) can travel in one: such a bundle is refused.
 */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** 2: `hashes.run` covers the run's configuration, status and date. */
export const BUNDLE_VERSION = 2;

export const runBundleSchema = z.strictObject({
  format: z.literal('cqbench-run'),
  version: z.literal(BUNDLE_VERSION),
  run: z.strictObject({
    id: z.string().min(1),
    config: runConfigSchema,
    status: z.enum(RUN_STATUSES),
    createdAt: z.string().min(1)
  }),
  results: itemResultListSchema,
  /** Value extraction: the judging that scores the run. */
  judgings: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        config: judgingConfigSchema,
        results: itemResultListSchema
      })
    )
    .optional(),
  reviews: z.array(humanVerdictSchema).optional(),
  /** The scores as the exporter computed them: never trusted, always recomputed and compared. */
  scores: z.strictObject({ scorerVersion: z.string().min(1), cells: z.array(aggregateCellSchema) }),
  hashes: z.strictObject({
    /** The dataset the run was asked on (as in the configuration). */
    dataset: sha256,
    /** The prompt template and system prompt (as in the configuration). */
    template: sha256,
    /** The raw material: results, judgings' results and reviews (see `materialHash`). */
    results: sha256,
    /** The run itself: id, configuration (model, sampling, prompt), status and date (see `runHash`). */
    run: sha256
  })
});
export type RunBundle = z.infer<typeof runBundleSchema>;

/**
 * SHA-256 of the bundle's raw material (results, judgings, reviews) as JSON with object keys
 * sorted, so rewriting a bundle with its fields in another order does not change it; array
 * order counts.
 */
export function materialHash(bundle: Pick<RunBundle, 'results' | 'judgings' | 'reviews'>): Promise<string> {
  return sha256Hex(canonicalJson([bundle.results, bundle.judgings ?? [], bundle.reviews ?? []]));
}

/**
 * SHA-256 of the bundle's `run` (id, configuration, status, date) as canonical JSON. Like every
 * hash here it detects an edit that forgot to update it; it is not a signature.
 */
export function runHash(run: RunBundle['run']): Promise<string> {
  return sha256Hex(canonicalJson(run));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A bundle of a stored run, with its scores computed now (or the given aggregate's). */
export async function exportRunBundle(input: RunInput, aggregate?: RunAggregate): Promise<RunBundle> {
  const cells = aggregate?.cells ?? (await computeRunAggregate(input)).aggregate.cells;
  const material: Pick<RunBundle, 'results' | 'judgings' | 'reviews'> = { results: [...input.results] };
  if (input.judging !== undefined)
    material.judgings = [
      { id: input.judging.id, config: input.judging.config, results: [...input.judging.results] }
    ];
  if (input.reviews !== undefined && input.reviews.length > 0) material.reviews = [...input.reviews];
  const run = { id: input.id, config: input.config, status: input.status, createdAt: input.createdAt };
  return runBundleSchema.parse({
    format: 'cqbench-run',
    version: BUNDLE_VERSION,
    run,
    ...material,
    scores: { scorerVersion: aggregate?.scorerVersion ?? SCORER_VERSION, cells },
    hashes: {
      dataset: input.config.dataset.sha256,
      template: input.config.prompt.templateHash,
      results: await materialHash(material),
      run: await runHash(run)
    }
  });
}

export function runBundleText(bundle: RunBundle): string {
  return `${JSON.stringify(bundle, null, 1)}\n`;
}

export function runBundleFileName(bundle: RunBundle): string {
  const model = bundle.run.config.model.model.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  const id = bundle.run.id.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  return `cqbench-run-${bundle.run.config.task}-${model}-${id}.json`;
}

/** The task a bundle file name says (see `runBundleFileName`), undefined for another name. */
export function taskOfBundleFile(file: string): Task | undefined {
  return TASKS.find((task) => file.startsWith(`cqbench-run-${task}-`));
}

/** Reads a bundle file; a FormatError names the file and the field at fault. */
export function readRunBundle(file: string, text: string): RunBundle {
  const data = parseJsonText(file, text);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new FormatError(file, '', 'expected a JSON object (a cqbench-run bundle)');
  if (!('format' in data) || data.format !== 'cqbench-run')
    throw new FormatError(file, 'field "format"', 'not a cqbench-run bundle');
  if ('version' in data && data.version !== BUNDLE_VERSION)
    throw new FormatError(
      file,
      'field "version"',
      `a version ${String(data.version)} bundle; this site reads version ${BUNDLE_VERSION} (export the run again)`
    );
  return validate(file, runBundleSchema, data);
}

/**
 * What a bundle's check found. `verified`: scored by this scorer version, its stated figures
 * are the recomputed ones. `rescored`: scored by another scorer version (an earlier release of
 * the rules, usually), so its stated figures cannot be compared; they were recomputed with this
 * one. `edited`: its stated figures or hashes disagree with its raw outputs, or its raw outputs
 * with their hash. Whatever the state, only the recomputed figures are shown.
 */
export type BundleStatus =
  | { state: 'verified' }
  | { state: 'rescored'; from: string; to: string }
  | { state: 'edited'; problems: string[] };

export interface BundleCheck {
  /** Scores recomputed from the bundle's raw outputs: the only ones shown. */
  aggregate: RunAggregate;
  scored: ScoredRun;
  status: BundleStatus;
}

/** `cqbench-scorer-3` as people read it (`v3`); any other name as it is. */
export function scorerLabel(version: string): string {
  const number = /^cqbench-scorer-(\d+)$/.exec(version)?.[1];
  return number === undefined ? version : `v${number}`;
}

/** The mark beside a rescored bundle: `rescored (scorer v2 → v3)`. */
export function rescoredMark(status: { from: string; to: string }): string {
  return `rescored (scorer ${scorerLabel(status.from)} → ${scorerLabel(status.to)})`;
}

const TOLERANCE = 1e-9;
const OUTCOMES: readonly Outcome[] = ['correct', 'wrong', 'unparseable', 'error'];

function differs(a: number, b: number): boolean {
  return Math.abs(a - b) > TOLERANCE;
}

function intervalDiffers(a: { low: number; high: number }, b: { low: number; high: number }): boolean {
  return differs(a.low, b.low) || differs(a.high, b.high);
}

/** The fields of a stated cell that differ from the recomputed one. */
function cellDifferences(c: AggregateCell, m: AggregateCell): string[] {
  const out: string[] = [];
  if (c.metric !== m.metric) out.push('metric');
  if (differs(c.score, m.score)) out.push(`score (stated ${c.score}, recomputed ${m.score})`);
  if (intervalDiffers(c.interval, m.interval)) out.push('interval');
  if (c.n !== m.n) out.push('item count');
  if (differs(c.coverage, m.coverage)) out.push('coverage');
  if (c.responded !== m.responded || c.total !== m.total) out.push('responses');
  if (OUTCOMES.some((o) => c.outcomes[o] !== m.outcomes[o])) out.push('outcomes');
  const cc = c.corrected;
  const mc = m.corrected;
  if (
    (cc === undefined) !== (mc === undefined) ||
    (cc !== undefined &&
      mc !== undefined &&
      (differs(cc.score, mc.score) || intervalDiffers(cc.interval, mc.interval)))
  )
    out.push('corrected score');
  return out;
}

function cellProblems(stated: readonly AggregateCell[], computed: readonly AggregateCell[]): string[] {
  const problems: string[] = [];
  const mine = new Map(computed.map((c) => [cellKey(c.task, c.category), c]));
  const theirs = new Map(stated.map((c) => [cellKey(c.task, c.category), c]));
  for (const [key, c] of theirs) {
    const m = mine.get(key);
    if (m === undefined) {
      problems.push(`the bundle states a score for ${key}, which its outputs do not give`);
      continue;
    }
    const fields = cellDifferences(c, m);
    if (fields.length > 0)
      problems.push(`${key}: the stated ${fields.join(', ')} disagree with the recomputed`);
  }
  for (const key of mine.keys())
    if (!theirs.has(key)) problems.push(`${key}: the bundle states no score for it`);
  return problems;
}

/**
 * Recomputes a bundle's scores from its raw outputs on the given dataset and, when it was
 * scored by this scorer version, compares them with the stated ones. Throws a FormatError when
 * the dataset is not the run's (nothing can be scored then); otherwise returns the recomputed
 * scores and whether the bundle is verified, rescored or edited (with every disagreement).
 */
export async function verifyRunBundle(
  bundle: RunBundle,
  dataset: RunDataset,
  split: readonly string[],
  origin: Origin = 'local',
  file = 'bundle'
): Promise<BundleCheck> {
  const { run } = bundle;
  if ((await datasetHashOf(dataset)) !== run.config.dataset.sha256)
    throw new FormatError(
      file,
      'field "run.config.dataset"',
      `the run was made on a dataset (${run.config.dataset.name}) whose items differ from the ${dataset.name} available here`
    );
  const problems: string[] = [];
  if (bundle.hashes.dataset !== run.config.dataset.sha256)
    problems.push("the dataset hash differs from the run configuration's");
  if (bundle.hashes.template !== run.config.prompt.templateHash)
    problems.push("the template hash differs from the run configuration's");
  if ((await materialHash(bundle)) !== bundle.hashes.results)
    problems.push('the raw outputs do not match their stated hash');
  if ((await runHash(run)) !== bundle.hashes.run)
    problems.push('the run (model, settings, status or date) does not match its stated hash');
  const input: RunInput = {
    id: run.id,
    split,
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.createdAt,
    config: run.config,
    dataset,
    results: bundle.results
  };
  const judging = bundle.judgings?.[0];
  if (judging !== undefined) input.judging = judging;
  if (bundle.reviews !== undefined) input.reviews = bundle.reviews;
  const { aggregate, scored } = await computeRunAggregate(input, origin);
  if (scored === undefined) throw new FormatError(file, '', aggregate.problem ?? 'the run cannot be scored');
  const stated = bundle.scores.scorerVersion;
  if (stated !== SCORER_VERSION) {
    // Figures from other rules are expected to differ: recomputed, not compared. The hashes
    // above still tell an edit of the raw outputs or the run.
    if (problems.length > 0) {
      problems.push(`its stated scores come from scorer ${scorerLabel(stated)} and were recomputed`);
      return { aggregate, scored, status: { state: 'edited', problems } };
    }
    return { aggregate, scored, status: { state: 'rescored', from: stated, to: SCORER_VERSION } };
  }
  problems.push(...cellProblems(bundle.scores.cells, aggregate.cells));
  return {
    aggregate,
    scored,
    status: problems.length > 0 ? { state: 'edited', problems } : { state: 'verified' }
  };
}

/** The short mark beside a bundle's scores (a leaderboard cell, the items page); none when verified. */
export interface BundleMark {
  state: 'edited' | 'rescored';
  text: string;
}

export function bundleMark(status: BundleStatus): BundleMark | undefined {
  if (status.state === 'edited') return { state: 'edited', text: 'edited: stated scores disagree' };
  if (status.state === 'rescored') return { state: 'rescored', text: rescoredMark(status) };
  return undefined;
}

/** The sentence shown beside a bundle whose stated scores or hashes cannot be trusted. */
export const TAMPERED_MESSAGE =
  'Its stated scores disagree with the ones recomputed from its raw outputs: edited after export. The recomputed scores are shown.';
