import { describe, expect, it, onTestFinished } from 'vitest';
import { startAnthropicServer } from '../../../../tests/servers/anthropic-server';
import { randomFaults, type FakeServer } from '../../../../tests/servers/fake-server';
import { startGeminiServer } from '../../../../tests/servers/gemini-server';
import { startOpenAIServer } from '../../../../tests/servers/openai-server';
import { parseSse } from './sse';

/**
 * The fake servers speak their vendors' documented wire formats, checked here with raw fetch,
 * so provider tests against them mean something. (Vitest collects tests only under src/.)
 */

async function started(server: Promise<FakeServer>): Promise<FakeServer> {
  const s = await server;
  onTestFinished(() => s.close());
  return s;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  });

const events = async (response: Response) => parseSse([await response.text()]);

describe('fake OpenAI server', () => {
  const body = { model: 'fake-model', messages: [{ role: 'user', content: 'hi there' }] };

  it('streams chunks, then a usage chunk with no choices, then [DONE]', async () => {
    const server = await started(startOpenAIServer());
    const response = await post(`${server.url}/chat/completions`, {
      ...body,
      stream: true,
      stream_options: { include_usage: true }
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const list = await events(response);
    expect(list.at(-1)?.data).toBe('[DONE]');
    const usage: unknown = JSON.parse(list.at(-2)?.data ?? '');
    expect(usage).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 4 }
    });
    const first: unknown = JSON.parse(list[0]?.data ?? '');
    expect(first).toMatchObject({
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      usage: null
    });
  });

  it("refuses stream_options without stream, as OpenAI does, with OpenAI's error object", async () => {
    const server = await started(startOpenAIServer());
    const response = await post(`${server.url}/chat/completions`, {
      ...body,
      stream_options: { include_usage: true }
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        type: 'invalid_request_error',
        param: null,
        code: null
      }
    });
  });

  it('records requests and answers CORS preflights without counting them', async () => {
    const server = await started(startOpenAIServer({ faults: { 1: { kind: 'status', status: 500 } } }));
    const preflight = await fetch(`${server.url}/chat/completions`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await post(`${server.url}/chat/completions`, body, { 'x-test': 'yes' })).status).toBe(500);
    expect((await post(`${server.url}/chat/completions`, body)).status).toBe(200);
    expect(server.requests.map((r) => r.n)).toEqual([1, 2]);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      body,
      headers: { 'x-test': 'yes' }
    });
  });
});

describe('fake Anthropic server', () => {
  const headers = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
  const body = {
    model: 'fake-model',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'hi' }],
    stream: true
  };

  it('streams the documented event sequence with matching event names', async () => {
    const server = await started(startAnthropicServer({ apiKey: 'k' }));
    const list = await events(await post(`${server.url}/v1/messages`, body, headers));
    expect(list.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop'
    ]);
    for (const e of list) expect(JSON.parse(e.data)).toMatchObject({ type: e.event });
  });

  it('refuses a system role message, a missing version and a browser call without the opt-in', async () => {
    const server = await started(startAnthropicServer());
    const system = await post(
      `${server.url}/v1/messages`,
      { ...body, messages: [{ role: 'system', content: 's' }] },
      headers
    );
    expect(system.status).toBe(400);
    expect(await system.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((await post(`${server.url}/v1/messages`, body, { 'x-api-key': 'k' })).status).toBe(400);
    const browser = await post(`${server.url}/v1/messages`, body, {
      ...headers,
      origin: 'http://127.0.0.1:4173'
    });
    expect(browser.status).toBe(401);
  });
});

describe('fake Gemini server', () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

  it('separates SSE events with CRLF and leaves zero counts out', async () => {
    const server = await started(startGeminiServer({ answer: () => '' }));
    const response = await post(`${server.url}/v1beta/models/fake-model:streamGenerateContent?alt=sse`, body);
    const text = await response.text();
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    const chunk: unknown = JSON.parse(parseSse([text])[0]?.data ?? '');
    expect(chunk).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 1, totalTokenCount: 1 }
    });
    expect(JSON.stringify(chunk)).not.toContain('candidatesTokenCount');
  });

  it('answers a stream without alt=sse as one JSON array', async () => {
    const server = await started(startGeminiServer());
    const chunks: unknown = await (
      await post(`${server.url}/v1beta/models/fake-model:streamGenerateContent`, body)
    ).json();
    expect(Array.isArray(chunks) && chunks.length).toBe(3);
  });

  it('rejects unknown fields as the real API does, and accepts the key as a query parameter', async () => {
    const server = await started(startGeminiServer({ apiKey: 'k' }));
    const unknown = await post(`${server.url}/v1beta/models/fake-model:generateContent?key=k`, {
      ...body,
      generationConfig: { max_tokens: 5 }
    });
    expect(unknown.status).toBe(400);
    const json: unknown = await unknown.json();
    expect(json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(json)).toContain(`Unknown name \\"max_tokens\\" at 'generationConfig'`);
  });
});

describe('randomFaults', () => {
  it('gives the same faults for the same seed, whatever order requests come in', () => {
    const plan = randomFaults({ seed: 's', rate: 0.3, faults: [{ kind: 'reset' }, { kind: 'truncate' }] });
    if (typeof plan !== 'function') throw new Error('expected a function plan');
    const forward = Array.from({ length: 50 }, (_, i) => plan(i + 1));
    const backward = Array.from({ length: 50 }, (_, i) => plan(50 - i)).reverse();
    expect(backward).toEqual(forward);
    const hits = forward.filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });
});
