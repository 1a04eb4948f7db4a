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

  it('never carries a key to another server when the base URL is edited', () => {
    storage.setItem('cqbench.apiKey:https://api.openai.com', 'sk-openai');
    const choice = new ModelChoice('openai');
    expect(choice.apiKey).toBe('sk-openai');
    choice.baseUrl = 'https://api.openai.com/v1/'; // same server: the key stays
    expect(choice.apiKey).toBe('sk-openai');
    choice.baseUrl = 'http://127.0.0.1:9/v1';
    expect(choice.apiKey).toBe('');
    expect(choice.keyOrigin).toBe('http://127.0.0.1:9');
    choice.modelName = 'm';
    expect(choice.identity([])).toEqual({
      identity: { provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' }
    });
    // Nothing was filed for the other server, and the OpenAI key is where it was.
    expect([...storage.items]).toEqual([['cqbench.apiKey:https://api.openai.com', 'sk-openai']]);
    // Back on the first server, its saved key comes back; a key typed for one server stays there.
    choice.baseUrl = 'https://api.openai.com/v1';
    expect(choice.apiKey).toBe('sk-openai');
    choice.baseUrl = 'http://127.0.0.1:9/v1';
    choice.apiKey = 'local-key';
    choice.baseUrl = 'http://127.0.0.1:10/v1';
    expect(choice.apiKey).toBe('');
  });

  it('runs a model loaded in this tab only while it is loaded', () => {
    const choice = new ModelChoice(`local:${wllama.label}`);
    expect(choice.identity([wllama])).toEqual({ identity: wllama.identity });
    expect(choice.identity([])).toEqual({ error: expect.stringContaining('no longer loaded') as string });
  });
});
