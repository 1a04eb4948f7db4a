import { describe, expect, it } from 'vitest';
import { ask, CASES, KEY, serve } from '../../../../tests/servers/provider-cases';

/** What every provider must do over real loopback HTTP, streaming and not. */

for (const c of CASES) {
  for (const stream of [true, false]) {
    describe(`${c.name} (${stream ? 'streaming' : 'one JSON body'})`, () => {
      it('returns the answer with usage, finish reason and timing', async () => {
        const server = await serve(c, { answer: (p) => `Values of ${p.lastUser} are implied.` });
        const pieces: string[] = [];
        const response = await c
          .model(server.url, stream)
          .complete(ask('the story', { onText: (t) => pieces.push(t) }));
        expect(response.text).toBe('Values of the story are implied.');
        expect(response.finishReason).toBe('stop');
        // The fake servers count whitespace tokens: 9 in the system prompt, 2 in the question, 6 out.
        expect(response.usage).toMatchObject({ promptTokens: 11, completionTokens: 6 });
        expect(pieces.join('')).toBe(response.text);
        // Streaming shows text as it comes; one body shows it once.
        expect(pieces.length).toBe(stream ? 6 : 1);
        expect(response.timing.totalMs).toBeGreaterThan(0);
        expect(response.timing.firstTextMs).toBeLessThanOrEqual(response.timing.totalMs);
      });

      it('sends the system prompt and the user message to the model', async () => {
        const server = await serve(c, { answer: (p) => `[${p.system}] [${p.lastUser}]` });
        const response = await c.model(server.url, stream).complete(ask('Which attitude?'));
        expect(response.text).toBe('[You are an American who has basic common sense] [Which attitude?]');
      });

      it('reports finish reason length when the token limit cuts the answer', async () => {
        const server = await serve(c, { answer: () => 'one two three four five' });
        const request = ask('q');
        const response = await c
          .model(server.url, stream)
          .complete({ ...request, sampling: { ...request.sampling, maxTokens: 2 } });
        expect(response).toMatchObject({
          text: 'one two ',
          finishReason: 'length',
          usage: { completionTokens: 2 }
        });
      });

      it("returns '' for an empty answer, without calling onText", async () => {
        const server = await serve(c, { answer: () => '' });
        const pieces: string[] = [];
        const response = await c
          .model(server.url, stream)
          .complete(ask('q', { onText: (t) => pieces.push(t) }));
        expect(response.text).toBe('');
        expect(response.finishReason).toBe('stop');
        expect(pieces).toEqual([]);
        expect(response.timing.firstTextMs).toBeUndefined();
      });

      it('decodes characters whose bytes arrive in separate chunks', async () => {
        const text = 'Café — 日本語 😀 ✓';
        const server = await serve(c, { answer: () => text, chunkBytes: 1 });
        expect((await c.model(server.url, stream).complete(ask('q'))).text).toBe(text);
      });

      it('turns invalid UTF-8 into a replacement character instead of failing', async () => {
        const server = await serve(c, {
          answer: () => 'price: 5 euros',
          faults: { 1: { kind: 'invalid-utf8' } },
          chunkBytes: 3
        });
        const response = await c.model(server.url, stream).complete(ask('q'));
        // The server puts the cut character after the first token, `price: `.
        expect(response.text).toBe('price: \uFFFD5 euros');
      });

      it('never puts the API key in a URL', async () => {
        const server = await serve(c);
        await c.model(server.url, stream).complete(ask('q'));
        expect(server.requests).toHaveLength(1);
        for (const r of server.requests) expect(r.url).not.toContain(KEY);
      });
    });
  }
}
