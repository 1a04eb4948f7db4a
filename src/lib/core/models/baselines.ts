/**
 * Models that need no model: reference points a real model must beat. They read the options
 * from the prompt itself, so they run through the same plan, runner and scorer as any model
 * and their numbers mean the same thing.
 */
import type { RunDataset, RunnableTask } from '../dataset/run-dataset';
import { ModelError, type ChatModel, type ChatRequest, type ChatResponse } from '../ports';
import { SeededRandom } from '../random';
import type { Setting1Story, Setting2Item } from '../schema/release';
import type { BaselineSettings, ModelIdentity } from '../schema/run';

/** What a prompt asks, as far as a baseline needs to know. */
export type PromptAsk =
  | { task: 'attitude'; options: string[]; reasoning: boolean }
  | { task: 'selection'; values: string[]; number: number; reasoning: boolean };

/**
 * Finds the test item's options in a prompt built from the templates of prompts/templates.ts.
 * The last `Options:` line and the last `Values:` block are taken, because a one-shot prompt
 * shows the worked example's options first.
 */
export function readPromptAsk(prompt: string): PromptAsk | undefined {
  const lines = prompt.split(/\r?\n/);
  const valuesAt = lines.findLastIndex((l) => l.trim() === 'Values:');
  const exactly = [...prompt.matchAll(/Exactly (\d+) of them/g)].at(-1);
  if (valuesAt >= 0 && exactly !== undefined) {
    const values: string[] = [];
    for (const line of lines.slice(valuesAt + 1)) {
      if (line.trim() === '') break;
      values.push(line);
    }
    const number = Number(exactly[1]);
    if (values.length === 0 || number > values.length) return undefined;
    return { task: 'selection', values, number, reasoning: prompt.includes('[Final answer]') };
  }
  const optionsLine = lines.findLast((l) => l.startsWith('Options: '));
  if (optionsLine === undefined) return undefined;
  const options = optionsLine
    .slice('Options: '.length)
    .split(', ')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  if (options.length === 0) return undefined;
  return { task: 'attitude', options, reasoning: prompt.includes('[Answer]') };
}

/** How a baseline chooses: one option (task 1) or `number` values (task 2). */
interface Chooser {
  attitude(options: readonly string[], prompt: string): Promise<string>;
  selection(values: readonly string[], number: number, prompt: string): Promise<string[]>;
}

const BASELINE_CONCURRENCY = 16;

/**
 * The identity a baseline's runs record: its settings in a structured field, and the name older
 * versions recorded alone (leaderboard rows of old and new runs of one baseline stay one row).
 */
export function baselineIdentity(settings: BaselineSettings): ModelIdentity {
  const model = settings.kind === 'uniform-random' ? `uniform-random:seed=${settings.seed}` : settings.kind;
  return { provider: 'baseline', model, baseline: settings };
}

/**
 * A baseline identity's settings; for runs recorded before identities held them, read from the
 * name those versions gave (`uniform-random:seed=X`, `majority-attitude`), so such runs resume.
 * Undefined for any other identity.
 */
export function baselineSettingsOf(identity: ModelIdentity): BaselineSettings | undefined {
  if (identity.provider !== 'baseline') return undefined;
  if (identity.baseline !== undefined) return identity.baseline;
  const legacySeed = /^uniform-random:seed=(.+)$/.exec(identity.model)?.[1];
  if (legacySeed !== undefined) return { kind: 'uniform-random', seed: legacySeed };
  return identity.model === 'majority-attitude' ? { kind: 'majority-attitude' } : undefined;
}

/**
 * An identity as two runs of the same model compare it: a baseline by its settings, however
 * its version recorded them (a seed read from an old name is text, a new one a number).
 */
export function comparableIdentity(identity: ModelIdentity): ModelIdentity {
  const settings = baselineSettingsOf(identity);
  if (settings === undefined) return identity;
  const baseline: BaselineSettings =
    settings.kind === 'uniform-random' ? { kind: settings.kind, seed: String(settings.seed) } : settings;
  return { ...identity, baseline };
}

function baseline(settings: BaselineSettings, chooser: Chooser): ChatModel {
  const identity = baselineIdentity(settings);
  const { model } = identity;
  return {
    identity,
    concurrency: BASELINE_CONCURRENCY,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      throwIfCancelled(request.signal);
      const prompt = request.messages.map((m) => m.content).join('\n');
      const user = request.messages.findLast((m) => m.role === 'user')?.content ?? '';
      const ask = readPromptAsk(user);
      if (ask === undefined)
        throw new ModelError(
          'permanent',
          `the ${model} baseline found no options in the prompt: it needs a line "Options: a, b, c" (attitude detection) or a line "Values:" followed by one value per line and "Exactly N of them" (value selection), as in the default templates; baselines cannot run value extraction`
        );
      let text: string;
      if (ask.task === 'attitude') {
        const choice = await chooser.attitude(ask.options, prompt);
        text = ask.reasoning ? `[Answer]: ${choice}` : choice;
      } else {
        const chosen = (await chooser.selection(ask.values, ask.number, prompt)).join('\n');
        text = ask.reasoning ? `[Final answer]:\n${chosen}` : chosen;
      }
      throwIfCancelled(request.signal);
      return {
        text,
        usage: { promptTokens: 0, completionTokens: 0 },
        finishReason: 'stop',
        timing: { totalMs: 0 }
      };
    }
  };
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ModelError('cancelled', 'cancelled');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Picks uniformly at random, seeded by the prompt: the same item always gets the same answer,
 * on any machine and in any order or concurrency, so a resumed run equals an uninterrupted one.
 */
export function uniformRandomBaseline(seed: string | number): ChatModel {
  const random = async (prompt: string) => new SeededRandom(`${seed}/${await sha256Hex(prompt)}`);
  return baseline(
    { kind: 'uniform-random', seed },
    {
      attitude: async (options, prompt) => (await random(prompt)).pick(options),
      selection: async (values, number, prompt) => (await random(prompt)).sample(values, number)
    }
  );
}

/** Gold labels keyed the way the baselines look them up: trimmed and lower-cased. */
export function labelKey(label: string): string {
  return label.trim().toLowerCase();
}

/** Counts of the gold attitudes of task 1 questions (keys by `labelKey`). */
export function countGoldLabels(stories: readonly Setting1Story[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const story of stories) for (const q of story.questions) add(counts, labelKey(q['gold label']));
  return counts;
}

/** Counts of the attitudes of task 2 gold values, the part after the last `--`. */
export function countGoldValueAttitudes(items: readonly Setting2Item[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const v of item.values) add(counts, attitudeOf(v));
  return counts;
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function attitudeOf(value: string): string {
  const dashes = value.lastIndexOf('--');
  return labelKey(dashes < 0 ? '' : value.slice(dashes + 2));
}

/**
 * Always the most frequent gold attitude among the item's options, given the dataset's counts
 * of gold labels (`countGoldLabels`). Ties, and options no gold label has, go to the earlier
 * option. Task 2 takes the values whose attitude is most frequent, in option order on ties.
 */
export function majorityAttitudeBaseline(labelCounts: ReadonlyMap<string, number>): ChatModel {
  const count = (label: string): number => labelCounts.get(labelKey(label)) ?? 0;
  const ranked = (texts: readonly string[], label: (t: string) => string): string[] =>
    texts
      .map((text, index) => ({ text, index, n: count(label(text)) }))
      .sort((a, b) => b.n - a.n || a.index - b.index)
      .map((r) => r.text);
  return baseline(
    { kind: 'majority-attitude' },
    {
      attitude: (options) => Promise.resolve(ranked(options, (o) => o)[0]!),
      selection: (values, number) => Promise.resolve(ranked(values, attitudeOf).slice(0, number))
    }
  );
}

/** The majority baseline for a run's dataset: gold labels (task 1) or gold values' attitudes (task 2). */
export function majorityBaselineFor(dataset: RunDataset, task: RunnableTask): ChatModel {
  // Baselines pick among given options; value extraction has none to pick from.
  if (task === 'extraction')
    throw new Error('baselines cannot run value extraction: it has no options to choose from');
  const files = Object.values(dataset.categories);
  return majorityAttitudeBaseline(
    task === 'attitude'
      ? countGoldLabels(files.flatMap((f) => f.setting1 ?? []))
      : countGoldValueAttitudes(files.flatMap((f) => f.setting2 ?? []))
  );
}
