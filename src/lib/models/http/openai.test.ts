import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startOpenAIServer } from '../../../../tests/servers/openai-server';
import { openAICompatible } from './openai';
import {
  ask,
  CASES,
  failure,
  KEY,
  SAMPLING,
  serve,
  thrownBy,
  visible
} from '../../../../tests/servers/provider-cases';

const openai = CASES.find((c) => c.name === 'openai')!;

describe('openAICompatible over HTTP', () => {
  it('POSTs chat/completions with the sampling settings and a bearer key', async () => {
    const server = await serve(openai);
    await openAICompatible({ baseUrl: server.url, apiKey: KEY, model: 'fake-model', stream: false }).complete(
      ask('q')
    );
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body).toEqual({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'You are an American who has basic common sense' },
        { role: 'user', content: 'q' }
      ],
      temperature: SAMPLING.temperature,
      top_p: SAMPLING.topP,
      max_tokens: SAMPLING.maxTokens,
      seed: SAMPLING.seed
    });
  });

  it('asks for usage in the stream', async () => {
    const server = await serve(openai);
    const model = openAICompatible({ baseUrl: server.url, apiKey: KEY, model: 'fake-model' });
    const response = await model.complete(ask('q'));
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(response.usage).toEqual({ promptTokens: 10, completionTokens: 3, cachedPromptTokens: 0 });
  });

  it('works without a key for local servers, sending no Authorization header', async () => {
    const server = await startOpenAIServer();
    try {
      const response = await openAICompatible({
        baseUrl: server.url,
        apiKey: '',
        model: 'fake-model'
      }).complete(ask('hi'));
      expect(response.text).toBe('You said: hi');
      expect(server.requests[0]?.headers).not.toHaveProperty('authorization');
    } finally {
      await server.close();
    }
  });

  it('says a key is needed when the server wants one and none was given', async () => {
    const server = await serve(openai);
    const error = await failure(
      openAICompatible({ baseUrl: server.url, model: 'fake-model' }).complete(ask('q'))
    );
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/needs an API key \(HTTP 401\): set one/);
  });

  it('sends extra headers, uses max_completion_tokens when told, and names the server by its label', async () => {
    const server = await serve(openai, { models: ['other'] });
    const model = openAICompatible({
      baseUrl: `${server.url}/`,
      apiKey: KEY,
      model: 'fake-model',
      headers: { 'X-Title': 'CQ-Bench' },
      label: 'OpenRouter',
      maxTokensField: 'max_completion_tokens'
    });
    const error = await failure(model.complete(ask('q')));
    const [request] = server.requests;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers['x-title']).toBe('CQ-Bench');
    expect(request?.body).toMatchObject({ max_completion_tokens: SAMPLING.maxTokens });
    expect(request?.body).not.toHaveProperty('max_tokens');
    expect(error.message).toContain(`not found at ${server.url}`);
  });

  it("passes an exception from the caller's onText through untouched, not as a retryable error", async () => {
    const server = await serve(openai);
    const bug = new Error('the page failed to render');
    const onText = () => {
      throw bug;
    };
    const model = openAICompatible({ baseUrl: server.url, apiKey: KEY, model: 'fake-model' });
    await expect(model.complete(ask('q', { onText }))).rejects.toBe(bug);
  });

  it('reads one JSON body when a server ignores stream: true', async () => {
    const body = JSON.stringify({ choices: [{ message: { content: 'whole' }, finish_reason: 'stop' }] });
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(
      () =>
        new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          })
        )
    );
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const model = openAICompatible({
      baseUrl: `http://127.0.0.1:${address.port}/v1`,
      model: 'm',
      stream: true
    });
    expect(await model.complete(ask('q'))).toMatchObject({ text: 'whole', finishReason: 'stop' });
  });

  it('reports a server that is not running as transient, naming its address', async () => {
    const server = await startOpenAIServer();
    await server.close();
    const error = await failure(
      openAICompatible({ baseUrl: server.url, model: 'fake-model' }).complete(ask('q'))
    );
    expect(error.kind).toBe('transient');
    expect(error.message).toContain(`could not reach 127.0.0.1`);
  });
});

describe('listModels', () => {
  it('lists the ids of GET /models', async () => {
    const server = await serve(openai, { models: ['llama-3-8b', 'qwen-2.5-7b'] });
    const model = openAICompatible({ baseUrl: server.url, apiKey: KEY, model: 'llama-3-8b' });
    expect(await model.listModels()).toEqual(['llama-3-8b', 'qwen-2.5-7b']);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
  });

  it('maps errors as completions do, and a wrong base URL to a message about the base URL', async () => {
    const server = await serve(openai);
    const wrongKey = await failure(
      openAICompatible({ baseUrl: server.url, apiKey: 'nope', model: 'm' }).listModels()
    );
    expect(wrongKey.kind).toBe('permanent');
    expect(wrongKey.message).toContain('refused');
    const wrongBase = await failure(
      openAICompatible({ baseUrl: `${server.url}/v9`, apiKey: KEY, model: 'm' }).listModels()
    );
    expect(wrongBase.message).toMatch(/nothing found at .*\/v9 \(HTTP 404\): check the base URL/);
  });

  it('can be aborted', async () => {
    const server = await serve(openai, { latencyMs: 1000 });
    const error = await failure(
      openAICompatible({ baseUrl: server.url, apiKey: KEY, model: 'm' }).listModels(AbortSignal.abort())
    );
    expect(error.kind).toBe('cancelled');
  });
});

describe('openAICompatible settings', () => {
  it('rejects settings a request could not work with, as permanent errors naming the field', () => {
    expect(thrownBy(() => openAICompatible({ baseUrl: 'localhost:8000', model: 'm' })).message).toMatch(
      /invalid OpenAI-compatible settings: baseUrl must be an http/
    );
    expect(thrownBy(() => openAICompatible({ baseUrl: 'http://x/v1', model: ' ' })).message).toMatch(
      /model is empty/
    );
    expect(
      thrownBy(() => openAICompatible({ baseUrl: 'http://x/v1', model: 'm', concurrency: 0 })).kind
    ).toBe('permanent');
  });

  it('rejects a key with a line break without repeating the key', () => {
    const key = 'sk-pasted\nwith-newline-SECRET';
    const error = thrownBy(() => openAICompatible({ baseUrl: 'http://x/v1', apiKey: key, model: 'm' }));
    expect(error.message).toMatch(/apiKey may only hold printable characters/);
    expect(visible(error)).not.toContain('SECRET');
  });

  it('describes itself for run records, without the key', () => {
    const model = openAICompatible({
      baseUrl: 'http://127.0.0.1:8000/v1/',
      apiKey: KEY,
      model: 'm',
      concurrency: 8
    });
    expect(model.identity).toEqual({ provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(model.concurrency).toBe(8);
    expect(JSON.stringify(model)).not.toContain(KEY);
  });
});
