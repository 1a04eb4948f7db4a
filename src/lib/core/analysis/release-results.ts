import { datasetHash } from '../dataset/hash';
import { datasetOfCategories, planKeys, type RunDataset } from '../dataset/run-dataset';
import { FormatError } from '../format-error';
import type { NamedText } from '../formats/bundle';
import { readResults, writeReleaseJson } from '../formats/release';
import { DEFAULT_SYSTEM_PROMPT } from '../prompts/templates';
import { DEFAULT_SAMPLING, runConfigSchema, type ItemResult, type RunConfig, type Task } from '../schema/run';
import { outputsInOrder } from '../scoring/run-results';
import { sha256Hex } from '../text/sha256';
import type { RunMaterial } from './score';

/**
 * The release's results arrays: `results_<n>_<category>[_reasoning][_one_shot].json`, one JSON
 * array of raw outputs per category in dataset order. `<n>` is the release's setting number:
 * 1 attitude detection, 2 value selection; 3 (value extraction, one output per story: the
 * reply holding the values) is this tool's, since the release has no file for it. Categories
 * are named as our dataset files name them (`political`; some release scripts spell it
 * `politic`, and that name is read too). The release writes `_one_shot` only with reasoning
 * prompts; plain one-shot runs get it as well, so no two settings share a name. An item
 * without an output (its calls failed, or the run has not reached it) is written as "", since
 * the release's files hold only strings; read back, "" is an output with no answer.
 */

export const TASK_NUMBER: Record<Task, string> = { attitude: '1', selection: '2', extraction: '3' };
const TASK_OF_NUMBER: Record<string, Task> = { '1': 'attitude', '2': 'selection', '3': 'extraction' };

export interface ResultsSetting {
  reasoning: boolean;
  shots: 0 | 1;
}

/**
 * The release's name for a results file. Its scripts call the political category `politic`
 * (their `--category` accepts only that), so exported files use it; reading takes both.
 */
export function releaseResultsName(task: Task, category: string, setting: ResultsSetting): string {
  const name = category === 'political' ? 'politic' : category;
  return `results_${TASK_NUMBER[task]}_${name}${setting.reasoning ? '_reasoning' : ''}${setting.shots === 1 ? '_one_shot' : ''}.json`;
}

const NAME = /^results_([123])_([a-z][a-z0-9_]*?)(_reasoning)?(_one_shot)?\.json$/;

/** What a results file name says, or undefined when it is not one. */
export function parseReleaseResultsName(
  name: string
): ({ task: Task; category: string } & ResultsSetting) | undefined {
  const m = NAME.exec(name);
  // `results_1_social_reasoning_sft.json` (the release's fine-tuned runs) is not a category `social_reasoning_sft`.
  if (m === null || /(^|_)(reasoning|one_shot|sft)(_|$)/.test(m[2]!)) return undefined;
  const category = m[2] === 'politic' ? 'political' : m[2]!;
  return {
    task: TASK_OF_NUMBER[m[1]!]!,
    category,
    reasoning: m[3] !== undefined,
    shots: m[4] === undefined ? 0 : 1
  };
}

/** A run's outputs as the release's results files, one per category. */
export function exportReleaseResults(
  material: Pick<RunMaterial, 'config' | 'dataset' | 'results'>
): NamedText[] {
  const { config, dataset, results } = material;
  const keys = planKeys(dataset, config.task);
  const outputs = outputsInOrder(keys, results);
  const setting = { reasoning: config.prompt.reasoning, shots: config.prompt.shots };
  return Object.keys(dataset.categories).map((category) => {
    const prefix = `${category}/`;
    const texts = outputs.filter((_o, i) => keys[i]!.startsWith(prefix)).map((o) => o ?? '');
    return { name: releaseResultsName(config.task, category, setting), text: writeReleaseJson(texts) };
  });
}

/** Who made imported outputs and when; prompts and sampling of an import are unknown. */
export interface ImportMeta {
  /** The model's name, as the user gives it. */
  model: string;
  appVersion: string;
  /** ISO time of the import (default: now). */
  now?: string;
}

/** The template hash of imported runs: their prompts are not known. */
export function importedTemplateHash(): Promise<string> {
  return sha256Hex('imported outputs: prompt templates unknown');
}

/** The configuration of a run made of imported outputs (provider `imported`). */
export async function importedRunConfig(
  dataset: RunDataset,
  task: Task,
  setting: ResultsSetting,
  meta: ImportMeta
): Promise<RunConfig> {
  return runConfigSchema.parse({
    task,
    dataset: { id: dataset.id, name: dataset.name, sha256: await datasetHash(dataset.categories) },
    categories: Object.keys(dataset.categories),
    prompt: {
      reasoning: setting.reasoning,
      shots: setting.shots,
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      templateHash: await importedTemplateHash()
    },
    model: { provider: 'imported', model: meta.model },
    sampling: DEFAULT_SAMPLING,
    environment: { appVersion: meta.appVersion },
    createdAt: meta.now ?? new Date().toISOString()
  });
}

export function importedResult(itemKey: string, output: string, finishedAt: string): ItemResult {
  return { itemKey, output, latencyMs: 0, attempts: 1, finishedAt };
}

/**
 * Release results files (one or more categories of one task and setting) with their dataset,
 * as a run. All or nothing: a file that is misnamed, malformed, of another task or setting, of
 * a category the dataset lacks, or whose output count differs from the category's item count
 * stops the import with a FormatError naming it.
 */
export async function importReleaseResults(
  files: readonly NamedText[],
  dataset: RunDataset,
  meta: ImportMeta
): Promise<{ config: RunConfig; results: ItemResult[] }> {
  if (files.length === 0) throw new FormatError('(no files)', '', 'no results files were given');
  if (meta.model.trim() === '')
    throw new FormatError(files[0]!.name, '', 'give the name of the model that wrote these outputs');
  const byCategory = new Map<string, string[]>();
  let first: ReturnType<typeof parseReleaseResultsName>;
  for (const { name, text } of files) {
    const parsed = parseReleaseResultsName(name);
    if (parsed === undefined)
      throw new FormatError(
        name,
        '',
        'not a results file name (expected results_<1|2|3>_<category>[_reasoning][_one_shot].json)'
      );
    first ??= parsed;
    if (parsed.task !== first.task || parsed.reasoning !== first.reasoning || parsed.shots !== first.shots)
      throw new FormatError(
        name,
        '',
        `its task or prompt setting differs from ${files[0]!.name}'s; import them separately`
      );
    if (dataset.categories[parsed.category] === undefined)
      throw new FormatError(name, '', `the dataset ${dataset.name} has no category ${parsed.category}`);
    if (byCategory.has(parsed.category))
      throw new FormatError(name, '', `a second results file for ${parsed.category}`);
    byCategory.set(parsed.category, readResults(name, text));
  }
  const { task, reasoning, shots } = first!;
  const picked = datasetOfCategories(dataset, [...byCategory.keys()]);
  const keys = planKeysOrError(picked, task, files[0]!.name);
  const now = meta.now ?? new Date().toISOString();
  const results: ItemResult[] = [];
  for (const category of Object.keys(picked.categories)) {
    const outputs = byCategory.get(category)!;
    const categoryKeys = keys.filter((k) => k.startsWith(`${category}/`));
    const name = files.find((f) => parseReleaseResultsName(f.name)?.category === category)!.name;
    if (outputs.length !== categoryKeys.length)
      throw new FormatError(
        name,
        '',
        `${outputs.length} outputs, but ${category} has ${categoryKeys.length} items for this task in ${dataset.name}`
      );
    categoryKeys.forEach((key, i) => results.push(importedResult(key, outputs[i]!, now)));
  }
  const config = await importedRunConfig(picked, task, { reasoning, shots }, { ...meta, now });
  return { config, results };
}

function planKeysOrError(dataset: RunDataset, task: Task, file: string): string[] {
  try {
    return planKeys(dataset, task);
  } catch (e) {
    throw new FormatError(file, '', e instanceof Error ? e.message : String(e));
  }
}
