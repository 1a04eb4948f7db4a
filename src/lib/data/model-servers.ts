// The servers and baselines a form offers (OpenAI, Anthropic, local vLLM...), for state and
// components, which reach providers only through this layer.
// Not through the registry: it loads every provider's protocol, which a form needs only to call.
export { BASELINE_CHOICES, baselineChoice } from '$lib/models/baseline-choices';
export { PROVIDER_PRESETS, type ProviderPreset } from '$lib/models/http/presets';

/** The models an OpenAI-compatible server lists, asked with the key given (if any). */
export async function listServerModels(baseUrl: string, apiKey: string | undefined): Promise<string[]> {
  const { openAICompatible } = await import('$lib/models/registry');
  return openAICompatible({ baseUrl, model: 'any', apiKey }).listModels();
}
