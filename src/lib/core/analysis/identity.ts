import { z } from 'zod';
import { DEFAULT_SYSTEM_PROMPT } from '../prompts/templates';
import type { ModelIdentity, RunConfig, Task } from '../schema/run';
import { sha256Hex } from '../text/sha256';

/**
 * Who a leaderboard row is: a model under one prompt setting. Runs with the same identity
 * share a row. The model's server counts (the same model name on two servers may be two
 * different models); nothing secret is in a config, so nothing secret is here.
 */

export const ROW_KINDS = ['local', 'remote', 'baseline'] as const;
export const rowKindSchema = z.enum(ROW_KINDS);
/** `local`: runs in the tab (WebLLM, wllama); `baseline`: needs no model; anything else is `remote`. */
export type RowKind = z.infer<typeof rowKindSchema>;

const LOCAL_PROVIDERS = new Set(['webllm', 'wllama']);

export function rowKindOf(provider: string): RowKind {
  if (provider === 'baseline') return 'baseline';
  return LOCAL_PROVIDERS.has(provider) ? 'local' : 'remote';
}

export const promptSettingKeySchema = z.strictObject({
  reasoning: z.boolean(),
  shots: z.union([z.literal(0), z.literal(1)]),
  /** `default` for the release's system prompt, else the SHA-256 of the one used. */
  systemPrompt: z.string().min(1)
});
export type PromptSettingKey = z.infer<typeof promptSettingKeySchema>;

export const rowIdentitySchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** The host of the server the model was called on, for remote models. */
  host: z.string().min(1).optional(),
  kind: rowKindSchema,
  setting: promptSettingKeySchema,
  /**
   * The first 12 hex digits of a hash of everything else that shapes the answers: sampling,
   * prompt template and, for a baseline whose answers depend on the items it is given (the
   * majority baseline), the run's categories. Runs that differ here never share a row.
   */
  settings: z.string().min(1)
});
export type RowIdentity = z.infer<typeof rowIdentitySchema>;

export const ORIGINS = ['local', 'published'] as const;
/** `local`: a run in this browser; `published`: a bundle shipped with the site. */
export type Origin = (typeof ORIGINS)[number];

/** A server's host (`api.openai.com`, `127.0.0.1:8080`) for labels; undefined without a usable URL. */
export function hostOf(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined) return undefined;
  try {
    return new URL(baseUrl).host || undefined;
  } catch {
    return undefined;
  }
}

/** The model as a row names it: a local model file is known by its weights, whatever the user named it. */
export function rowModelName(model: ModelIdentity): string {
  return model.fileSha256 === undefined ? model.model : `${model.model} (${model.fileSha256.slice(0, 12)})`;
}

export async function rowIdentity(config: RunConfig): Promise<RowIdentity> {
  const { model, prompt } = config;
  const identity: RowIdentity = {
    provider: model.provider,
    model: rowModelName(model),
    kind: rowKindOf(model.provider),
    setting: {
      reasoning: prompt.reasoning,
      shots: prompt.shots,
      systemPrompt:
        prompt.systemPrompt === DEFAULT_SYSTEM_PROMPT ? 'default' : await sha256Hex(prompt.systemPrompt)
    },
    settings: (await sha256Hex(JSON.stringify(settingsOf(config)))).slice(0, 12)
  };
  const host = hostOf(model.baseUrl);
  if (host !== undefined) identity.host = host;
  return identity;
}

/** Majority baselines answer with the most common gold answer of the run's own items. */
const SCOPED_BASELINE = /^majority/;

function settingsOf(config: RunConfig): unknown {
  const { sampling } = config;
  return {
    sampling: [sampling.temperature, sampling.topP, sampling.maxTokens, sampling.seed ?? null],
    template: config.prompt.templateHash,
    scope:
      config.model.provider === 'baseline' && SCOPED_BASELINE.test(config.model.model)
        ? [...config.categories].sort()
        : null
  };
}

/**
 * A stable string for grouping: equal identities (origins, datasets) give equal keys. The
 * dataset is part of it so scores on different items never share a row.
 */
export function rowKey(identity: RowIdentity, origin: Origin = 'local', datasetId = ''): string {
  const s = identity.setting;
  return [
    datasetId,
    origin,
    identity.provider,
    identity.model,
    identity.host ?? '',
    s.reasoning ? 'reasoning' : 'plain',
    `${s.shots}-shot`,
    s.systemPrompt,
    identity.settings
  ].join('|');
}

export function settingLabel(setting: PromptSettingKey): string {
  const parts = [setting.reasoning ? 'reasoning' : 'plain', `${setting.shots}-shot`];
  if (setting.systemPrompt !== 'default') parts.push(`system prompt ${setting.systemPrompt.slice(0, 8)}`);
  return parts.join(' · ');
}

/** `gpt-4o-mini (api.openai.com) · reasoning · 1-shot`. */
export function rowLabel(identity: RowIdentity): string {
  const where = identity.host === undefined ? '' : ` (${identity.host})`;
  return `${identity.model}${where} · ${settingLabel(identity.setting)}`;
}

/**
 * The category key of a run's overall cell. Category names come from release file names and
 * start with a letter, so no category can be called this.
 */
export const OVERALL = '_all';

export function cellKey(task: Task, category: string): string {
  return `${task}/${category}`;
}
