/**
 * The folder web-llm reads a model from: like web-llm's own `cleanModelUrl`, a URL without
 * `/resolve/<branch>/` gets `resolve/main/` appended (the Hugging Face layout).
 */
export function modelBaseUrl(model: string): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

/** The model's chat configuration, or its package manifest when the record names one. */
export function configUrl(record: { model: string; model_manifest?: string }): string {
  return new URL(record.model_manifest ?? 'mlc-chat-config.json', modelBaseUrl(record.model)).href;
}
