import { describe, expect, it } from 'vitest';
import { ask, CASES, failure, KEY, serve } from '../../../../tests/servers/provider-cases';
import { anthropic } from './anthropic';
import { gemini } from './gemini';
import { openAICompatible } from './openai';
import type { ChatModel } from '../../core/ports';
import { utf8Bytes } from '../../core/runner/reply-cap';

/** Replies over the size cap, over real loopback HTTP, for every provider. */

const CAP = 64 * 1024;

function capped(name: (typeof CASES)[number]['name'], baseUrl: string, stream: boolean): ChatModel {
  const options = { baseUrl, apiKey: KEY, model: 'fake-model', stream, maxReplyBytes: CAP };
  if (name === 'anthropic') return anthropic(options);
  if (name === 'gemini') return gemini(options);
  return openAICompatible(options);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const c of CASES) {
  describe(`${c.name} reply cap`, () => {
    for (const stream of [true, false]) {
      const how = stream ? 'streamed' : 'as one body';
      it(`stops reading a reply ${how} without end, and says why without asking again`, async () => {
        const server = await serve(c, { answer: () => 'endless text', faults: { 1: { kind: 'endless' } } });
        const error = await failure(capped(c.name, server.url, stream).complete(ask('q')));
        expect(error.kind).toBe('unretryable');
        expect(error.message).toMatch(/^reply larger than 64\.0 KB/);
        // The connection is closed: the server stops writing soon after, at a bounded count.
        await sleep(300);
        const sent = server.requests[0]!.sentBytes;
        await sleep(300);
        expect(server.requests[0]!.sentBytes).toBe(sent);
        expect(sent).toBeLessThan(64 * CAP + 16 * 1024 * 1024);
        expect(server.requests).toHaveLength(1);
      });

      it(`refuses a 10 MB reply ${how}`, async () => {
        const server = await serve(c, { answer: () => 'x'.repeat(10 * 1024 * 1024) });
        const error = await failure(capped(c.name, server.url, stream).complete(ask('q')));
        expect(error.kind).toBe('unretryable');
        expect(error.message).toMatch(/^reply larger than 64\.0 KB/);
      });

      it(`keeps a reply ${how} just under the cap, whatever its framing weighs`, async () => {
        // 200 words (the fake model's token limit here) of 300 bytes: 60,000 bytes of text.
        const text = `${'a'.repeat(299)} `.repeat(200);
        const server = await serve(c, { answer: () => text });
        const reply = await capped(c.name, server.url, stream).complete(ask('q'));
        expect(reply.text.length).toBe(text.length);
        expect(reply.text === text).toBe(true);
      });
    }
  });
}

describe('reply sizes', () => {
  it('are counted in UTF-8 bytes', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});
