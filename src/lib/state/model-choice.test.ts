import { beforeEach, describe, expect, it } from 'vitest';
import { ModelChoice } from './model-choice.svelte';

/** The part of localStorage the key store uses, kept in a map. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
});

const wllama = {
  label: 'In this tab: tiny.gguf (wllama)',
  identity: { provider: 'wllama', model: 'tiny.gguf' }
};

describe('a model picker', () => {
  it('asks for a model name and, for a cloud preset, a key', () => {
    const choice = new ModelChoice('openai');
    expect(choice.identity([])).toEqual({ error: 'Name the model to run.' });
    choice.modelName = 'gpt-4o-mini';
    expect(choice.identity([])).toEqual({ error: expect.stringContaining('needs an API key') as string });
  });

  it('gives a remote model its base URL and keeps its key for that server only', () => {
    const choice = new ModelChoice('llamacpp');
    const server = choice.baseUrl;
    choice.modelName = ' judge ';
    choice.apiKey = 'secret';
    expect(choice.identity([])).toEqual({
      identity: { provider: 'openai', model: 'judge', baseUrl: server }
    });
    expect([...storage.items.values()]).toEqual(['secret']);
    // A picker made later for that server finds the key again; one for another server does not.
    expect(new ModelChoice('llamacpp').apiKey).toBe('secret');
    expect(new ModelChoice('ollama').apiKey).toBe('');
  });

  it('runs a model loaded in this tab only while it is loaded', () => {
    const choice = new ModelChoice(`local:${wllama.label}`);
    expect(choice.identity([wllama])).toEqual({ identity: wllama.identity });
    expect(choice.identity([])).toEqual({ error: expect.stringContaining('no longer loaded') as string });
  });
});
