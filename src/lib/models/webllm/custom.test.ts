import { describe, expect, it } from 'vitest';
import { validateCustomModel } from './custom';
import { configUrl, modelBaseUrl } from './urls';

const BASE = 'http://127.0.0.1:4173/models';

describe('validateCustomModel', () => {
  it('accepts a model on another host and resolves a path on this site', () => {
    const remote = validateCustomModel(
      {
        id: 'mine-q4f32_1',
        weightsUrl: 'https://huggingface.co/me/mine',
        libraryUrl: 'https://cdn.example/mine.wasm'
      },
      BASE,
      []
    );
    expect(remote).toEqual({
      ok: true,
      record: {
        model: 'https://huggingface.co/me/mine',
        model_id: 'mine-q4f32_1',
        model_lib: 'https://cdn.example/mine.wasm'
      }
    });
    const local = validateCustomModel({ id: 'x', weightsUrl: '/w/', libraryUrl: '/w/lib.wasm' }, BASE, []);
    expect(local.ok && local.record.model).toBe('http://127.0.0.1:4173/w/');
  });

  it('marks f16 libraries as needing shader-f16', () => {
    const result = validateCustomModel(
      { id: 'm', weightsUrl: '/w', libraryUrl: '/m-q4f16_1-webgpu.wasm' },
      BASE,
      []
    );
    expect(result.ok && result.record.required_features).toEqual(['shader-f16']);
  });

  it('names each wrong field', () => {
    const result = validateCustomModel({ id: ' ', weightsUrl: 'ftp://x/y', libraryUrl: '/lib.js' }, BASE, []);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.id).toMatch(/letters, digits/);
    expect(result.errors.weightsUrl).toMatch(/http\(s\) URL/);
    expect(result.errors.libraryUrl).toMatch(/ends in \.wasm/);
  });

  it('refuses an id already in the list', () => {
    const result = validateCustomModel({ id: 'taken', weightsUrl: '/w', libraryUrl: '/l.wasm' }, BASE, [
      'taken'
    ]);
    expect(!result.ok && result.errors.id).toMatch(/already in the list/);
  });
});

describe('model URLs', () => {
  it('follow web-llm: resolve/main/ unless a branch is named', () => {
    expect(modelBaseUrl('https://hf.co/a/b')).toBe('https://hf.co/a/b/resolve/main/');
    expect(modelBaseUrl('https://hf.co/a/b/resolve/v2/')).toBe('https://hf.co/a/b/resolve/v2/');
    expect(configUrl({ model: 'https://hf.co/a/b' })).toBe(
      'https://hf.co/a/b/resolve/main/mlc-chat-config.json'
    );
    expect(configUrl({ model: 'https://hf.co/a/b', model_manifest: 'mlc-model-manifest.json' })).toBe(
      'https://hf.co/a/b/resolve/main/mlc-model-manifest.json'
    );
  });
});
