/**
 * Models the user adds by URL: MLC-compiled weights (a folder with mlc-chat-config.json,
 * tensor-cache.json and the shards) and the model library compiled for WebGPU (a .wasm file).
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import { needsShaderF16 } from './catalog';

export interface CustomModelInput {
  id: string;
  weightsUrl: string;
  libraryUrl: string;
}

export type CustomModelErrors = Partial<Record<keyof CustomModelInput, string>>;

export type CustomModelResult = { ok: true; record: ModelRecord } | { ok: false; errors: CustomModelErrors };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Checks the form and returns the record web-llm will load. Relative URLs are resolved against
 * `base` (the page), because the worker that downloads them has a different location.
 */
export function validateCustomModel(
  input: CustomModelInput,
  base: string,
  takenIds: readonly string[]
): CustomModelResult {
  const errors: CustomModelErrors = {};
  const id = input.id.trim();
  if (!ID.test(id))
    errors.id =
      'Use letters, digits, dots, dashes and underscores (at most 100), starting with a letter or digit.';
  else if (takenIds.includes(id)) errors.id = `A model called ${id} is already in the list.`;
  const weights = httpUrl(input.weightsUrl, base);
  if (weights === undefined) errors.weightsUrl = 'Enter an http(s) URL or a path on this site.';
  const library = httpUrl(input.libraryUrl, base);
  if (library === undefined) errors.libraryUrl = 'Enter an http(s) URL or a path on this site.';
  else if (!new URL(library).pathname.endsWith('.wasm'))
    errors.libraryUrl = 'The model library is a WebAssembly file: its URL ends in .wasm.';
  if (Object.keys(errors).length > 0 || weights === undefined || library === undefined)
    return { ok: false, errors };
  const record: ModelRecord = { model: weights, model_id: id, model_lib: library };
  if (needsShaderF16(record)) record.required_features = ['shader-f16'];
  return { ok: true, record };
}

function httpUrl(text: string, base: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
