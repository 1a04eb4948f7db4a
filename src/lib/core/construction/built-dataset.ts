import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import { parseStoryText, titleOf } from '../dataset/story-text';
import { PROVENANCE, sceneSchema, type Story } from '../schema/story';
import { shippedCategorySchema } from '../schema/value';
import type { ModelIdentity } from '../schema/run';
import type { BuildPlan, BuildState } from './build-story';
import { statementsPerStory, type ConstructionConfig } from './construction-file';
import { poolLabel } from './imported-pool';

/**
 * A finished construction as a dataset: each built story's last version as a `Story` (the
 * plan's values, scene and category), and each story's outcome in a form a dataset card or a
 * provenance record can state (passed, failed with the failing checks named, stopped with the
 * reason). A story whose writer never gave a usable text is left out of the stories but kept
 * among the outcomes, so nothing is dropped silently.
 */

export type BuiltStatus = 'passed' | 'failed' | 'stopped' | 'unfinished';

export interface BuiltOutcome {
  /** The plan's key (`category/index`). */
  key: string;
  /** The story's id in the built dataset; absent when it is not among the stories. */
  id?: string;
  title?: string;
  status: BuiltStatus;
  /** The failing checks (`consistency: value 2 fails`, `rules: ...`), or the reason it stopped. */
  failing: string[];
  versions: number;
  /** Replacements whose speech could not be located in any version. */
  unapplied: number;
  /** Per check, whether the story's last reading of it passed every value (absent: never read). */
  checks: Partial<Record<CheckKind, boolean>>;
}

/** The story id of the `index`-th built story: `social-03`, as the shipped ids read. */
export function builtStoryId(category: string, index: number): string {
  return `${category}-${String(index).padStart(2, '0')}`;
}

/** Whether a story's state has a text to ship: an outcome of passed or failed. */
function shippable(state: BuildState | undefined): state is BuildState {
  const status = state?.outcome?.status;
  return (status === 'passed' || status === 'failed') && state!.versions.length > 0;
}

export function builtStories(plans: readonly BuildPlan[], states: readonly BuildState[]): Story[] {
  if (plans.length !== states.length)
    throw new RangeError(`${plans.length} plans but ${states.length} story states`);
  const stories: Story[] = [];
  plans.forEach((plan, i) => {
    const state = states[i];
    if (!shippable(state)) return;
    const text = state.versions.at(-1)!.text;
    const category = shippedCategorySchema.parse(plan.category);
    const scene = sceneSchema.safeParse(plan.scene);
    if (!scene.success) throw new Error(`${plan.key}: "${plan.scene}" is not one of the scenes`);
    stories.push({
      id: builtStoryId(category, stories.length),
      category,
      title: titleOf(text) ?? plan.key,
      scene: scene.data,
      characters: castWithDescriptions(text),
      text,
      values: plan.values.map((v) => ({ ...v })),
      provenance: PROVENANCE
    });
  });
  return stories;
}

export function builtOutcomes(plans: readonly BuildPlan[], states: readonly BuildState[]): BuiltOutcome[] {
  if (plans.length !== states.length)
    throw new RangeError(`${plans.length} plans but ${states.length} story states`);
  let shipped = 0;
  return plans.map((plan, i) => {
    const state = states[i]!;
    const outcome = state.outcome;
    const last = state.versions.at(-1);
    const record: BuiltOutcome = {
      key: plan.key,
      status: outcome?.status ?? 'unfinished',
      failing:
        outcome?.status === 'failed'
          ? [...outcome.failing]
          : outcome?.status === 'stopped'
            ? [outcome.reason]
            : [],
      versions: state.versions.length,
      unapplied: state.versions.reduce((n, v) => n + v.unapplied.length, 0),
      checks: lastReadings(state)
    };
    if (shippable(state)) {
      record.id = builtStoryId(shippedCategorySchema.parse(plan.category), shipped++);
      const title = titleOf(last!.text);
      if (title !== undefined) record.title = title;
    }
    return record;
  });
}

/** Per check, the story's last reading of it: true when every value passed. */
function lastReadings(state: BuildState): Partial<Record<CheckKind, boolean>> {
  const readings: Partial<Record<CheckKind, boolean>> = {};
  for (const c of state.checks)
    readings[c.check] = c.parsed.values.every((v) => 'verdict' in v && v.verdict === 'pass');
  return readings;
}

/** The cast list's members with what the list says of them (`- **Name**, who they are`). */
function castWithDescriptions(text: string): Story['characters'] {
  const cast = parseStoryText(text).find((b) => b.kind === 'cast');
  if (cast?.kind !== 'cast') return [];
  return cast.members.flatMap((spans) => {
    const bold = spans.findIndex((s) => s.bold);
    const name = spans[bold]?.text.replace(/[:,]\s*$/, '').trim();
    if (!name) return [];
    const description = spans
      .slice(bold + 1)
      .map((s) => s.text)
      .join('')
      .replace(/^\s*[,:–—-]\s*/, '')
      .trim();
    return [{ name, description: description || name }];
  });
}

/** Model text in a Markdown table cell: one line, no cell breaks. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function modelName(identity: ModelIdentity): string {
  return `${identity.model} (${identity.provider}${identity.baseUrl ? ` at ${identity.baseUrl}` : ''})`;
}

const CHECK_MEANING: Record<CheckKind, string> = {
  incorporation: 'every value shows in the story',
  consistency: 'no character goes against a value they hold',
  implicitness: 'no speech states a value outright'
};

export interface CardOptions {
  /** The dataset's name, for the heading (the category's construction by default). */
  name?: string;
  /** `datasetHash` of the release files built: the content SHA-256 a run on them records. */
  sha256?: string;
}

/**
 * The dataset card of a construction, from its configuration and the check outcomes: who wrote
 * and checked the stories (models, named as such), the draw (category, pool, seed, count), the
 * recipe (rounds, rule fixes, minimum length, templates' hash), each check's counts, and every
 * story that failed or stopped, named with why.
 */
export function constructionCard(
  config: ConstructionConfig,
  plans: readonly BuildPlan[],
  states: readonly BuildState[],
  options: CardOptions = {}
): string {
  const outcomes = builtOutcomes(plans, states);
  const count = (status: BuiltStatus): number => outcomes.filter((o) => o.status === status).length;
  const shipped = outcomes.filter((o) => o.id !== undefined).length;
  const sameModel = JSON.stringify(config.writer) === JSON.stringify(config.checker);
  const name = options.name ?? `Built ${config.category} stories (seed ${config.seed})`;
  const lines: string[] = [
    `# Dataset card: ${name}`,
    '',
    `**These stories were generated by the model ${modelName(config.writer)} and checked by ${
      sameModel ? 'the same model' : `the model ${modelName(config.checker)}`
    }, following the CQ-Bench construction recipe.** No person wrote or checked them; they are not the dataset of the CQ-Bench paper (Liu et al., arXiv 2504.01127). Have them annotated before benchmarking on them.`,
    '',
    '## Configuration',
    '',
    '| setting | value |',
    '| --- | --- |',
    `| category | ${config.category} |`,
    ...(options.sha256 === undefined ? [] : [`| dataset content (SHA-256) | ${options.sha256} |`]),
    `| value pool | ${cell(poolLabel(config.category, config.pool))} |`,
    `| stories drawn | ${config.count} |`,
    ...(config.valuesPerStory === undefined ? [] : [`| statements per story | ${config.valuesPerStory} |`]),
    ...(config.scenes === undefined ? [] : [`| scenes | ${config.scenes.join(', ')} |`]),
    ...(config.category === 'multiple'
      ? [`| characters holding values | ${config.characters ?? '3 or 4, drawn per story'} |`]
      : []),
    `| draw seed | ${cell(config.seed)} |`,
    `| check-and-fix rounds | ${config.rounds} |`,
    `| rewrites for rule violations | ${config.ruleFixes} |`,
    `| minimum words after the cast list | ${config.minWords} |`,
    `| templates (SHA-256) | ${config.templateHash} (${config.templates === undefined ? 'the defaults' : 'replaced by the user; the construction file holds them'}) |`,
    `| writing model | ${cell(modelName(config.writer))} |`,
    `| checking model | ${cell(modelName(config.checker))} |`,
    `| sampling | temperature ${config.sampling.temperature}, top-p ${config.sampling.topP}, max tokens ${config.sampling.maxTokens}${config.sampling.seed === undefined ? '' : `, seed ${config.sampling.seed}`} |`,
    `| app version | ${cell(config.environment.appVersion)} |`,
    '',
    '## How they were made',
    '',
    `Values were drawn by code with the seed above from ${config.pool === undefined ? "the category's pool" : 'the imported pool named above'}, each attitude uniformly from its statement's options, one scene per story, and no (values, scene) pair twice.${
      config.category === 'multiple'
        ? ` Each story has ${statementsPerStory(config)} statements; every character named in the values holds an attitude on each, redrawn until the characters do not all agree, and the characters were named by the seed. The checks read each value for the character who holds it.`
        : ''
    } The writing model wrote each story; the checking model then read it for incorporation, consistency and implicitness, and each failing check was followed by its fix (missing values added, contradicting speeches replaced, speeches that state a value rewritten), for up to ${config.rounds} round${config.rounds === 1 ? '' : 's'}, then a last reading of the three checks. Mechanical rules (the layout, every character speaks, the minimum length, no run of five words of a statement) ran after every rewrite. A story that still fails is kept with its failing checks named below.`,
    '',
    '## Outcomes',
    '',
    `${plans.length} stories planned: ${count('passed')} passed every check, ${count('failed')} kept with failing checks, ${count('stopped')} stopped${count('unfinished') > 0 ? `, ${count('unfinished')} unfinished` : ''}. ${shipped} stories are in the dataset.`,
    '',
    '| check | what it asks | stories passing at their last reading |',
    '| --- | --- | --- |',
    ...CHECK_KINDS.map((check) => {
      const read = outcomes.filter((o) => o.checks[check] !== undefined);
      const passing = read.filter((o) => o.checks[check] === true).length;
      return `| ${check} | ${CHECK_MEANING[check]} | ${passing} of ${read.length} |`;
    })
  ];
  const named = outcomes.filter((o) => o.status !== 'passed');
  if (named.length > 0) {
    lines.push('', '## Stories that did not pass', '', '| story | outcome | why |', '| --- | --- | --- |');
    for (const o of named)
      lines.push(
        `| ${o.id ?? `${o.key} (not in the dataset)`} | ${o.status} | ${cell(o.failing.join('; ') || 'no outcome yet')} |`
      );
  }
  const unapplied = outcomes.filter((o) => o.unapplied > 0);
  if (unapplied.length > 0)
    lines.push(
      '',
      `Speech replacements that could not be located in the text were recorded and not applied: ${unapplied
        .map((o) => `${o.id ?? o.key} (${o.unapplied})`)
        .join(', ')}.`
    );
  return `${lines.join('\n')}\n`;
}
