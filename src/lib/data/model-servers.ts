import { openAICompatible } from '$lib/models/registry';

// The servers and baselines a form offers (OpenAI, Anthropic, local vLLM...), for state and
// components, which reach providers only through this layer.
export {
  BASELINE_CHOICES,
  PROVIDER_PRESETS,
  baselineChoice,
  type ProviderPreset
} from '$lib/models/registry';

/** The models an OpenAI-compatible server lists, asked with the key given (if any). */
export function listServerModels(baseUrl: string, apiKey: string | undefined): Promise<string[]> {
  return openAICompatible({ baseUrl, model: 'any', apiKey }).listModels();
}
