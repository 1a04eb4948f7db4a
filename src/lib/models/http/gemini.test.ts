import { describe, expect, it } from 'vitest';
import { gemini } from './gemini';
import {
  ask,
  CASES,
  failure,
  KEY,
  SAMPLING,
  serve,
  thrownBy
} from '../../../../tests/servers/provider-cases';

const vendor = CASES.find((c) => c.name === 'gemini')!;

describe('gemini over HTTP', () => {
  it('calls generateContent with the key in x-goog-api-key, never in the URL', async () => {
    const server = await serve(vendor);
    await gemini({ baseUrl: server.url, apiKey: KEY, model: 'fake-model', stream: false }).complete(ask('q'));
    const [request] = server.requests;
    expect(request?.url).toBe('/v1beta/models/fake-model:generateContent');
    expect(request?.headers['x-goog-api-key']).toBe(KEY);
    expect(request?.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are an American who has basic common sense' }] },
      contents: [{ role: 'user', parts: [{ text: 'q' }] }],
      generationConfig: {
        temperature: SAMPLING.temperature,
        topP: SAMPLING.topP,
        maxOutputTokens: SAMPLING.maxTokens,
        seed: SAMPLING.seed
      }
    });
  });

  it('streams through streamGenerateContent?alt=sse, and accepts a models/ prefix', async () => {
    const server = await serve(vendor);
    const model = gemini({ baseUrl: server.url, apiKey: KEY, model: 'models/fake-model' });
    const response = await model.complete(ask('q'));
    expect(server.requests[0]?.url).toBe('/v1beta/models/fake-model:streamGenerateContent?alt=sse');
    expect(response).toMatchObject({
      text: 'You said: q',
      finishReason: 'stop',
      usage: { promptTokens: 10, completionTokens: 3 }
    });
    expect(model.identity.model).toBe('fake-model');
  });

  it('uses the RetryInfo delay of a 429 body when there is no Retry-After header', async () => {
    const server = await serve(vendor, { faults: { 1: { kind: 'status', status: 429, retryDelay: '13s' } } });
    const error = await failure(
      gemini({ baseUrl: server.url, apiKey: KEY, model: 'fake-model' }).complete(ask('q'))
    );
    expect(error).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 13_000 } });
  });

  it('rejects model names that would change the URL', () => {
    for (const model of ['a/b', 'x?key=1', '../models', ''])
      expect(thrownBy(() => gemini({ apiKey: KEY, model })).message).toMatch(
        /invalid Gemini settings: model/
      );
    expect(gemini({ apiKey: KEY, model: 'gemini-2.5-flash' }).identity.baseUrl).toBe(
      'https://generativelanguage.googleapis.com'
    );
  });
});
