import type { z } from 'zod';
import { ModelError, type ChatModel } from '../core/ports';
import type { RunDataset, RunnableTask } from '../core/dataset/run-dataset';
import { baselineSettingsOf, majorityBaselineFor, uniformRandomBaseline } from '../core/models/baselines';
import {
  majoritySettingsSchema,
  uniformRandomSettingsSchema,
  type BaselineSettings,
  type ModelIdentity
} from '../core/schema/run';
import { anthropic, anthropicOptionsSchema, type AnthropicOptions } from './http/anthropic';
import { parseConfig } from './http/config';
import { gemini, geminiOptionsSchema, type GeminiOptions } from './http/gemini';
import {
  openAICompatible,
  openAICompatibleOptionsSchema,
  type OpenAICompatibleModel,
  type OpenAICompatibleOptions
} from './http/openai';
import { findPreset, type ProviderPreset } from './http/presets';

/**
 * The providers, in one table used by the app and the CLI: an id, the schema of its settings,
 * and a factory. Settings are validated by the entry's schema, so they may come straight from
 * a form, a flag or a stored run. Adding a provider is adding an entry.
 */

export { PROVIDER_PRESETS, findPreset, type ProviderPreset } from './http/presets';
export { BASELINE_CHOICES, baselineChoice } from './baseline-choices';
export { openAICompatible };
export type { AnthropicOptions, GeminiOptions, OpenAICompatibleModel, OpenAICompatibleOptions };

/** What a factory may need besides its settings: the run's dataset and task (the majority baseline). */
export interface ProviderContext {
  dataset?: RunDataset;
  task?: RunnableTask;
}

interface ProviderEntry {
  /** How settings errors name the provider. */
  label: string;
  /** Whether the entry is a baseline (it picks among a prompt's options; it calls no server). */
  baseline: boolean;
  create: (settings: unknown, context: ProviderContext) => ChatModel;
}

function entry<S extends z.ZodType>(
  label: string,
  schema: S,
  create: (settings: z.output<S>, context: ProviderContext) => ChatModel,
  baseline = false
): ProviderEntry {
  return {
    label,
    baseline,
    create: (settings, context) => create(parseConfig(schema, settings, label), context)
  };
}

export const PROVIDERS = {
  openai: entry('OpenAI-compatible', openAICompatibleOptionsSchema, openAICompatible),
  anthropic: entry('Anthropic', anthropicOptionsSchema, anthropic),
  gemini: entry('Gemini', geminiOptionsSchema, gemini),
  'uniform-random': entry(
    'uniform-random baseline',
    uniformRandomSettingsSchema,
    (s) => uniformRandomBaseline(s.seed),
    true
  ),
  'majority-attitude': entry(
    'majority baseline',
    majoritySettingsSchema,
    (_, { dataset, task }) => {
      if (dataset === undefined || task === undefined)
        throw new ModelError('permanent', 'the majority baseline needs the run’s dataset and task');
      return majorityBaselineFor(dataset, task);
    },
    true
  )
} satisfies Record<string, ProviderEntry> & Record<BaselineSettings['kind'], ProviderEntry>;

export type ProviderId = keyof typeof PROVIDERS;
export const PROVIDER_IDS = Object.keys(PROVIDERS);
export const HTTP_PROVIDERS = ['openai', 'anthropic', 'gemini'] as const satisfies readonly ProviderId[];
export type HttpProvider = (typeof HTTP_PROVIDERS)[number];

function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(PROVIDERS, id);
}

/** Builds a model from the table: `settings` are checked by the entry's schema. */
export function createModel(id: string, settings: unknown, context: ProviderContext = {}): ChatModel {
  if (!isProviderId(id))
    throw new ModelError(
      'permanent',
      `unknown model provider "${id}": use one of ${PROVIDER_IDS.join(', ')}`
    );
  return PROVIDERS[id].create(settings, context);
}

/** Builds a baseline from its settings; the majority baseline needs the run's dataset and task. */
export function createBaseline(settings: BaselineSettings, context: ProviderContext): ChatModel {
  const { kind, ...own } = settings;
  return createModel(kind, own, context);
}

/** What the caller adds to a recorded identity to call its server again: never stored with a run. */
export interface CallSettings extends ProviderContext {
  apiKey?: string;
  /** Longest reply read before the call is refused (see `replyCapFor`). */
  maxReplyBytes?: number;
  concurrency?: number;
  stream?: boolean;
  /** The app sets this: Anthropic needs an explicit opt-in for calls from a web page. */
  browser?: boolean;
}

/**
 * The model a run or judging recorded, built again: a baseline from its settings, a remote
 * model from its provider, server and name with the caller's key. Undefined for a provider not
 * in the table (a model that runs in a tab: the caller finds it loaded, or says to load it).
 */
export function modelForIdentity(identity: ModelIdentity, call: CallSettings): ChatModel | undefined {
  const { dataset, task, ...settings } = call;
  if (identity.provider === 'baseline') {
    const baseline = baselineSettingsOf(identity);
    if (baseline === undefined) throw new ModelError('permanent', `unknown baseline "${identity.model}"`);
    return createBaseline(baseline, { dataset, task });
  }
  if (!isProviderId(identity.provider) || PROVIDERS[identity.provider].baseline) return undefined;
  if (identity.baseUrl === undefined)
    throw new ModelError('permanent', `the run does not say where ${identity.model} is served`);
  return createModel(identity.provider, { ...settings, baseUrl: identity.baseUrl, model: identity.model });
}

/** What a user chooses beside the preset; a base URL here overrides the preset's. */
export interface PresetSettings {
  model: string;
  apiKey?: string;
  baseUrl?: string;
  stream?: boolean;
  concurrency?: number;
  /** The reply size cap in bytes; 256 KB when absent. */
  maxReplyBytes?: number;
  /** The app sets this: Anthropic needs an explicit opt-in for calls from a web page. */
  browser?: boolean;
}

/**
 * Builds a model from a preset id (`groq`, `ollama`, `anthropic`, ...) and the user's settings.
 * A preset's key is required unless the base URL is the user's own on the OpenAI protocol (a
 * local or self-hosted server may need none); Anthropic and Gemini always need one.
 */
export function createModelFromPreset(presetId: string, settings: PresetSettings): ChatModel {
  const preset = findPreset(presetId);
  if (!preset) throw new ModelError('permanent', `unknown provider preset "${presetId}"`);
  const ownServer = settings.baseUrl !== undefined && settings.baseUrl !== preset.baseUrl;
  const keyOptional = !preset.needsKey || (ownServer && preset.provider === 'openai');
  if (!keyOptional && !settings.apiKey?.trim()) {
    const where = preset.keyEnv ? ` (or set ${preset.keyEnv})` : '';
    throw new ModelError('permanent', `${preset.label} needs an API key: enter one${where}`);
  }
  return createModel(preset.provider, {
    ...settings,
    baseUrl: settings.baseUrl ?? preset.baseUrl,
    concurrency: settings.concurrency ?? preset.concurrency,
    label: preset.label
  });
}

/** The key for a preset from the environment (the CLI's way); undefined when unset or empty. */
export function apiKeyFromEnv(
  preset: ProviderPreset,
  env: Readonly<Record<string, string | undefined>>
): string | undefined {
  if (!preset.keyEnv) return undefined;
  const value = env[preset.keyEnv]?.trim();
  return value === '' ? undefined : value;
}
