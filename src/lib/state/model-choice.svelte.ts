import { PROVIDER_PRESETS, createHttpModel, type ProviderPreset } from '$lib/models/registry';
import type { ModelIdentity } from '$lib/core/schema/run';
import { userMessage } from '$lib/core/user-message';
import { loadApiKey, originOf, saveApiKey } from '../data/api-keys';

/** A model loaded in this tab on the Local models page, as a form offers it. */
export interface LocalModelOption {
  label: string;
  identity: ModelIdentity;
}

export const BASELINES = [
  { id: 'random', label: 'Baseline: uniform random (seeded)' },
  { id: 'majority', label: 'Baseline: majority attitude' }
] as const;

/**
 * What a form's model picker holds: a preset (remote server) with its base URL, model name and
 * key, a model loaded in this tab (`local:<label>`), or a baseline. One class serves the run's
 * model and its judge, so both are chosen the same way.
 *
 * The key field belongs to one origin: the server it was loaded for or typed for. Editing the
 * base URL to another origin replaces it with the key saved for that origin (usually none), so
 * a key entered for one server is never listed with, run against or saved for another.
 */
export class ModelChoice {
  source = $state('');
  modelName = $state('');
  #baseUrl = $state('');
  #apiKey = $state('');
  #keyOrigin = $state<string | undefined>();
  concurrency = $state(4);
  modelList: string[] = $state([]);
  error = $state('');
  readonly preset: ProviderPreset | undefined = $derived(PROVIDER_PRESETS.find((p) => p.id === this.source));

  constructor(source: string) {
    this.choose(source);
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  set baseUrl(url: string) {
    this.#baseUrl = url;
    const origin = originOf(url);
    if (origin === this.#keyOrigin) return;
    this.#apiKey = loadApiKey(url) ?? '';
    this.#keyOrigin = origin;
  }

  /** The key for the base URL's origin: typed for it, or saved for it earlier. */
  get apiKey(): string {
    return this.#apiKey;
  }

  set apiKey(key: string) {
    this.#apiKey = key;
    this.#keyOrigin = originOf(this.#baseUrl);
  }

  /** The server the key goes to, as the form says it; undefined while the URL is unreadable. */
  get keyOrigin(): string | undefined {
    return this.#keyOrigin;
  }

  choose(id: string): void {
    this.source = id;
    const next = PROVIDER_PRESETS.find((p) => p.id === id);
    if (next) {
      this.baseUrl = next.baseUrl;
      this.concurrency = next.concurrency;
    }
    this.modelList = [];
  }

  async listModels(): Promise<void> {
    this.error = '';
    try {
      const apiKey = this.apiKey.trim() || undefined;
      this.modelList = await createHttpModel('openai', {
        baseUrl: this.baseUrl,
        model: 'any',
        apiKey
      }).listModels();
    } catch (e) {
      this.error = userMessage(e);
    }
  }

  /** The chosen model's identity (saving its key for its server), or what is missing. */
  identity(localModels: readonly LocalModelOption[]): { identity: ModelIdentity } | { error: string } {
    const preset = this.preset;
    if (preset) {
      if (this.modelName.trim() === '') return { error: 'Name the model to run.' };
      const atPreset = originOf(this.baseUrl) === originOf(preset.baseUrl);
      if (preset.needsKey && atPreset && this.apiKey.trim() === '')
        return { error: `${preset.label} needs an API key.` };
      saveApiKey(this.baseUrl, this.apiKey);
      return { identity: { provider: preset.provider, model: this.modelName.trim(), baseUrl: this.baseUrl } };
    }
    if (this.source.startsWith('local:')) {
      const local = localModels.find((m) => `local:${m.label}` === this.source);
      if (local === undefined)
        return { error: 'That model is no longer loaded; load it again on the Local models page.' };
      return { identity: local.identity };
    }
    return {
      identity: {
        provider: 'baseline',
        model: this.source === 'random' ? 'uniform-random:seed=0' : 'majority-attitude'
      }
    };
  }
}
