import { PROVIDER_PRESETS, createHttpModel, type ProviderPreset } from '$lib/models/registry';
import type { ModelIdentity } from '$lib/core/schema/run';
import { userMessage } from '$lib/core/user-message';
import { loadApiKey, saveApiKey } from '../data/api-keys';

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
 */
export class ModelChoice {
  source = $state('');
  baseUrl = $state('');
  modelName = $state('');
  apiKey = $state('');
  concurrency = $state(4);
  modelList: string[] = $state([]);
  error = $state('');
  readonly preset: ProviderPreset | undefined = $derived(PROVIDER_PRESETS.find((p) => p.id === this.source));

  constructor(source: string) {
    this.choose(source);
  }

  choose(id: string): void {
    this.source = id;
    const next = PROVIDER_PRESETS.find((p) => p.id === id);
    if (next) {
      this.baseUrl = next.baseUrl;
      this.concurrency = next.concurrency;
      this.apiKey = loadApiKey(next.baseUrl) ?? '';
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
      if (preset.needsKey && this.apiKey.trim() === '' && this.baseUrl === preset.baseUrl)
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
