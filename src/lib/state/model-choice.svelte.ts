import {
  BASELINE_CHOICES,
  PROVIDER_PRESETS,
  baselineChoice,
  listServerModels,
  type ProviderPreset
} from '$lib/data/model-servers';
import { baselineIdentity } from '$lib/core/models/baselines';
import type { ModelIdentity } from '$lib/core/schema/run';
import { userMessage } from '$lib/core/user-message';
import { loadApiKey, originOf, saveApiKey } from '$lib/data/api-keys';

/** A model loaded in this tab on the Local models page, as a form offers it. */
export interface LocalModelOption {
  label: string;
  identity: ModelIdentity;
}

export const BASELINES = BASELINE_CHOICES;

/**
 * Any server that speaks the OpenAI protocol, at a base URL the user types: no preset's URL to
 * overwrite first.
 */
export const ANY_OPENAI_SERVER: ProviderPreset = {
  id: 'openai-compatible',
  label: 'OpenAI-compatible server',
  provider: 'openai',
  baseUrl: '',
  needsKey: false,
  local: false,
  concurrency: 4
};

/** The remote sources a picker offers: any server first, then the known ones. */
export const REMOTE_SOURCES: readonly ProviderPreset[] = [ANY_OPENAI_SERVER, ...PROVIDER_PRESETS];

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
  readonly preset: ProviderPreset | undefined = $derived(REMOTE_SOURCES.find((p) => p.id === this.source));
  // The base URL the user last had for each source: choosing a source again gives it back
  // instead of the preset's.
  readonly #typedUrls: Record<string, string> = {};

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
    if (this.preset) this.#typedUrls[this.source] = this.baseUrl;
    if (id === this.source) return;
    this.source = id;
    const next = REMOTE_SOURCES.find((p) => p.id === id);
    if (next) {
      this.baseUrl = this.#typedUrls[id] ?? next.baseUrl;
      this.concurrency = next.concurrency;
    }
    this.modelList = [];
  }

  async listModels(): Promise<void> {
    this.error = '';
    try {
      this.modelList = await listServerModels(this.baseUrl, this.apiKey.trim() || undefined);
    } catch (e) {
      this.error = userMessage(e);
    }
  }

  /** The chosen model's identity (saving its key for its server), or what is missing. */
  identity(localModels: readonly LocalModelOption[]): { identity: ModelIdentity } | { error: string } {
    const preset = this.preset;
    if (preset) {
      if (this.baseUrl.trim() === '')
        return { error: "Enter the server's base URL, e.g. http://127.0.0.1:8080/v1." };
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
    const baseline = baselineChoice(this.source);
    if (baseline === undefined) return { error: 'Choose a model to run.' };
    return { identity: baselineIdentity(baseline) };
  }
}
