import { createHttpModel } from '$lib/models/registry';

// The servers a form offers (OpenAI, Anthropic, local vLLM...), for state and components,
// which reach providers only through this layer.
export { PROVIDER_PRESETS, type ProviderPreset } from '$lib/models/registry';

/** The models an OpenAI-compatible server lists, asked with the key given (if any). */
export function listServerModels(baseUrl: string, apiKey: string | undefined): Promise<string[]> {
  return createHttpModel('openai', { baseUrl, model: 'any', apiKey }).listModels();
}
