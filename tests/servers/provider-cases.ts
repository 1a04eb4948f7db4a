import { onTestFinished } from 'vitest';
import { ModelError, type ChatModel, type ChatRequest } from '../../src/lib/core/ports';
import type { Sampling } from '../../src/lib/core/schema/run';
import { startAnthropicServer } from './anthropic-server';
import type { FakeServer, FakeServerOptions } from './fake-server';
import { startGeminiServer } from './gemini-server';
import { startOpenAIServer } from './openai-server';
import { anthropic } from '../../src/lib/models/http/anthropic';
import { gemini } from '../../src/lib/models/http/gemini';
import { openAICompatible } from '../../src/lib/models/http/openai';

/** Shared by the provider tests: each provider paired with its fake server. Test-only. */

/** Long and distinctive, so a leak shows in any message or URL. */
export const KEY = 'sk-test-SECRET-KEY-0123456789abcdef';
export const SAMPLING: Sampling = { temperature: 0.5, topP: 1, maxTokens: 200, seed: 7 };

export interface ProviderCase {
  name: 'openai' | 'anthropic' | 'gemini';
  start(options: FakeServerOptions): Promise<FakeServer>;
  model(baseUrl: string, stream: boolean, apiKey?: string): ChatModel;
}

export const CASES: readonly ProviderCase[] = [
  {
    name: 'openai',
    start: startOpenAIServer,
    model: (baseUrl, stream, apiKey = KEY) =>
      openAICompatible({ baseUrl, apiKey, model: 'fake-model', stream })
  },
  {
    name: 'anthropic',
    start: startAnthropicServer,
    model: (baseUrl, stream, apiKey = KEY) => anthropic({ baseUrl, apiKey, model: 'fake-model', stream })
  },
  {
    name: 'gemini',
    start: startGeminiServer,
    model: (baseUrl, stream, apiKey = KEY) => gemini({ baseUrl, apiKey, model: 'fake-model', stream })
  }
];

/** Starts a case's server (expecting KEY unless told otherwise), closed when the test ends. */
export async function serve(c: ProviderCase, options: FakeServerOptions = {}): Promise<FakeServer> {
  const server = await c.start({ apiKey: KEY, ...options });
  onTestFinished(() => server.close());
  return server;
}

export function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [
      { role: 'system', content: 'You are an American who has basic common sense' },
      { role: 'user', content: text }
    ],
    sampling: SAMPLING,
    ...extra
  };
}

/** The ModelError a call rejects with; fails the test when it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw new Error(`expected a ModelError, got ${String(error)}`);
  }
  throw new Error('expected a ModelError, but the call succeeded');
}

/** Everything a user or a log could see of an error. */
export function visible(error: ModelError): string {
  return JSON.stringify({ message: error.message, plain: error.toPlain(), stack: error.stack ?? '' });
}

/** The ModelError a synchronous call throws. */
export function thrownBy(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw new Error(`expected a ModelError, got ${String(error)}`);
  }
  throw new Error('expected a ModelError, but nothing was thrown');
}
