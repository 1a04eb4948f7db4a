import { ModelError, type ChatModel } from '../core/ports';
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
 * The one way the CLI and the app turn user settings into a remote model: by protocol, or by
 * preset. Settings are validated by the provider's schema, so they may come straight from a
 * form or a file.
 */

export { PROVIDER_PRESETS, findPreset, type ProviderPreset } from './http/presets';
export { DEFAULT_REPLY_CAP, replyCapFor } from './http/reply-cap';
export type { AnthropicOptions, GeminiOptions, OpenAICompatibleModel, OpenAICompatibleOptions };

export const HTTP_PROVIDERS = ['openai', 'anthropic', 'gemini'] as const;
export type HttpProvider = (typeof HTTP_PROVIDERS)[number];

export function createHttpModel(provider: 'openai', options: OpenAICompatibleOptions): OpenAICompatibleModel;
export function createHttpModel(provider: 'anthropic', options: AnthropicOptions): ChatModel;
export function createHttpModel(provider: 'gemini', options: GeminiOptions): ChatModel;
export function createHttpModel(provider: string, options: unknown): ChatModel;
export function createHttpModel(provider: string, options: unknown): ChatModel {
  switch (provider) {
    case 'openai':
      return openAICompatible(parseConfig(openAICompatibleOptionsSchema, options, 'OpenAI-compatible'));
    case 'anthropic':
      return anthropic(parseConfig(anthropicOptionsSchema, options, 'Anthropic'));
    case 'gemini':
      return gemini(parseConfig(geminiOptionsSchema, options, 'Gemini'));
    default:
      throw new ModelError(
        'permanent',
        `unknown model provider "${provider}": use one of ${HTTP_PROVIDERS.join(', ')}`
      );
  }
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

/** Builds a model from a preset id (`groq`, `ollama`, `anthropic`, ...) and the user's settings. */
export function createModelFromPreset(presetId: string, settings: PresetSettings): ChatModel {
  const preset = findPreset(presetId);
  if (!preset) throw new ModelError('permanent', `unknown provider preset "${presetId}"`);
  if (preset.needsKey && !settings.apiKey?.trim()) {
    const where = preset.keyEnv ? ` (or set ${preset.keyEnv})` : '';
    throw new ModelError('permanent', `${preset.label} needs an API key: enter one${where}`);
  }
  const common = {
    baseUrl: settings.baseUrl ?? preset.baseUrl,
    model: settings.model,
    concurrency: settings.concurrency ?? preset.concurrency,
    ...(settings.maxReplyBytes === undefined ? {} : { maxReplyBytes: settings.maxReplyBytes }),
    ...(settings.stream === undefined ? {} : { stream: settings.stream })
  };
  if (preset.provider === 'anthropic')
    return createHttpModel('anthropic', {
      ...common,
      apiKey: settings.apiKey ?? '',
      browser: settings.browser ?? false
    });
  if (preset.provider === 'gemini')
    return createHttpModel('gemini', { ...common, apiKey: settings.apiKey ?? '' });
  return createHttpModel('openai', { ...common, apiKey: settings.apiKey, label: preset.label });
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
