import { describe, expect, it } from 'vitest';
import { anthropic } from './anthropic';
import {
  ask,
  CASES,
  failure,
  KEY,
  SAMPLING,
  serve,
  thrownBy
} from '../../../../tests/servers/provider-cases';

const vendor = CASES.find((c) => c.name === 'anthropic')!;

describe('anthropic over HTTP', () => {
  it('POSTs /v1/messages with the key, the version header and a top-level system prompt', async () => {
    const server = await serve(vendor);
    await anthropic({ baseUrl: server.url, apiKey: KEY, model: 'fake-model', stream: false }).complete(
      ask('q')
    );
    const [request] = server.requests;
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe(KEY);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers).not.toHaveProperty('anthropic-dangerous-direct-browser-access');
    expect(request?.headers).not.toHaveProperty('authorization');
    expect(request?.body).toEqual({
      model: 'fake-model',
      max_tokens: SAMPLING.maxTokens,
      system: 'You are an American who has basic common sense',
      messages: [{ role: 'user', content: 'q' }],
      temperature: SAMPLING.temperature
    });
  });

  it('sends the browser opt-in header only when running in a browser', async () => {
    const server = await serve(vendor);
    await anthropic({ baseUrl: server.url, apiKey: KEY, model: 'fake-model', browser: true }).complete(
      ask('q')
    );
    expect(server.requests[0]?.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('counts cache reads into the prompt and reports them as reused', async () => {
    const server = await serve(vendor);
    const response = await anthropic({ baseUrl: server.url, apiKey: KEY, model: 'fake-model' }).complete(
      ask('q')
    );
    expect(response.usage).toEqual({ promptTokens: 10, completionTokens: 3, cachedPromptTokens: 0 });
  });

  it('maps 529 overloaded to transient and an overloaded event mid-stream to rate-limited', async () => {
    const server = await serve(vendor, {
      faults: { 1: { kind: 'status', status: 529 }, 2: { kind: 'stream-error' } }
    });
    const model = anthropic({ baseUrl: server.url, apiKey: KEY, model: 'fake-model' });
    expect((await failure(model.complete(ask('q')))).kind).toBe('transient');
    expect((await failure(model.complete(ask('q')))).kind).toBe('rate-limited');
  });

  it('defaults to the public API and validates its settings', () => {
    expect(anthropic({ apiKey: KEY, model: 'claude-x' }).identity).toEqual({
      provider: 'anthropic',
      model: 'claude-x',
      baseUrl: 'https://api.anthropic.com'
    });
    expect(thrownBy(() => anthropic({ apiKey: '', model: 'claude-x' })).message).toMatch(
      /invalid Anthropic settings: apiKey is empty/
    );
  });
});
