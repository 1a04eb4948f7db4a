import { describe, expect, it } from 'vitest';
import { fileNameFromUrl } from './source';

describe('fileNameFromUrl', () => {
  it('takes the last path segment, decoded, without the query', () => {
    expect(fileNameFromUrl('https://hf.co/a/b/resolve/main/Qwen2.5-0.5B-Q4_K_M.gguf?download=true')).toBe(
      'Qwen2.5-0.5B-Q4_K_M.gguf'
    );
    expect(fileNameFromUrl('/models/my%20model.gguf', 'http://127.0.0.1:4173/models')).toBe('my model.gguf');
  });

  it('falls back to model.gguf for an address without a file name', () => {
    expect(fileNameFromUrl('https://example.com/')).toBe('model.gguf');
    expect(fileNameFromUrl('not a url')).toBe('model.gguf');
  });
});
