import { describe, expect, it } from 'vitest';
import { randomFaults, type Fault } from '../../../../tests/servers/fake-server';
import {
  ask,
  CASES,
  failure,
  KEY,
  serve,
  visible,
  type ProviderCase
} from '../../../../tests/servers/provider-cases';

/** Every error mapping, over real loopback HTTP, for every provider. */

const LABELS: Record<ProviderCase['name'], string> = {
  openai: '127.0.0.1',
  anthropic: 'Anthropic',
  gemini: 'Gemini'
};

for (const c of CASES) {
  describe(`${c.name} failures`, () => {
    const fail = async (fault: Fault, stream = true) => {
      const server = await serve(c, { faults: { 1: fault } });
      return { error: await failure(c.model(server.url, stream).complete(ask('q'))), server };
    };

    it('maps 429 with Retry-After in seconds to rate-limited with the delay', async () => {
      const { error } = await fail({ kind: 'status', status: 429, retryAfter: '7' });
      expect(error).toMatchObject({ kind: 'rate-limited', details: { status: 429, retryAfterMs: 7000 } });
      expect(error.message).toContain('wait 7 s');
    });

    it('reads Retry-After as an HTTP date, and prefers retry-after-ms', async () => {
      const date = new Date(Date.now() + 30_000).toUTCString();
      const { error } = await fail({ kind: 'status', status: 429, retryAfter: date });
      // The date has whole seconds: between 29 and 30 s remain.
      expect(error.details.retryAfterMs).toBeGreaterThan(28_000);
      expect(error.details.retryAfterMs).toBeLessThanOrEqual(30_000);
      const precise = await fail({ kind: 'status', status: 429, retryAfter: '2', retryAfterMs: 1500 });
      expect(precise.error.details.retryAfterMs).toBe(1500);
    });

    it('maps 503 to rate-limited and 500 to transient', async () => {
      expect((await fail({ kind: 'status', status: 503, retryAfter: '1' })).error).toMatchObject({
        kind: 'rate-limited',
        details: { retryAfterMs: 1000 }
      });
      expect((await fail({ kind: 'status', status: 500 })).error).toMatchObject({
        kind: 'transient',
        details: { status: 500 }
      });
    });

    it('maps a reset connection to transient', async () => {
      const { error } = await fail({ kind: 'reset' });
      expect(error.kind).toBe('transient');
      expect(error.message).toContain(LABELS[c.name]);
    });

    for (const stream of [true, false]) {
      const mode = stream ? 'stream' : 'body';
      it(`maps malformed JSON in the ${mode} to transient`, async () => {
        const { error } = await fail({ kind: 'malformed-json' }, stream);
        expect(error.kind).toBe('transient');
        expect(error.message).toMatch(/not valid JSON/);
      });

      it(`rejects a truncated ${mode} as transient, never as a partial answer`, async () => {
        const { error } = await fail({ kind: 'truncate' }, stream);
        expect(error.kind).toBe('transient');
        expect(error.message).toMatch(stream ? /cut off/ : /connection .* broke|not valid JSON/);
      });
    }

    it('reports an error event in the middle of a stream', async () => {
      const { error } = await fail({ kind: 'stream-error', message: 'Overloaded now' });
      expect(['rate-limited', 'transient']).toContain(error.kind);
      expect(error.message).toContain('Overloaded now');
    });

    it('maps a refused key to permanent, says to check it, and never shows it', async () => {
      const server = await serve(c);
      const wrongKey = 'sk-WRONG-key-that-must-not-leak-42';
      const error = await failure(c.model(server.url, false, wrongKey).complete(ask('q')));
      expect(error.kind).toBe('permanent');
      expect(error.message).toContain(`the API key was refused by ${LABELS[c.name]}`);
      expect(error.message).toContain('check it');
      expect(visible(error)).not.toContain(wrongKey);
    });

    it("maps the vendor's 401 body to permanent", async () => {
      const { error } = await fail({ kind: 'status', status: 401 });
      expect(error).toMatchObject({ kind: 'permanent', details: { status: 401 } });
      expect(visible(error)).not.toContain(KEY);
    });

    it('maps 404 to permanent, naming the model and the base URL', async () => {
      const server = await serve(c, { models: ['another-model'] });
      const error = await failure(c.model(server.url, true).complete(ask('q')));
      expect(error).toMatchObject({ kind: 'permanent', details: { status: 404 } });
      expect(error.message).toContain(`model "fake-model" not found at ${server.url}`);
    });

    it("maps 400 to permanent with the server's message", async () => {
      const { error } = await fail({ kind: 'status', status: 400, message: 'messages: too many roles' });
      expect(error).toMatchObject({ kind: 'permanent', details: { status: 400 } });
      expect(error.message).toContain('messages: too many roles');
    });

    it('is cancelled when aborted before the call, and sends nothing', async () => {
      const server = await serve(c);
      const controller = new AbortController();
      controller.abort();
      const error = await failure(
        c.model(server.url, true).complete(ask('q', { signal: controller.signal }))
      );
      expect(error.kind).toBe('cancelled');
      expect(server.requests).toHaveLength(0);
    });

    it('is cancelled when aborted while waiting for the server', async () => {
      const server = await serve(c, { latencyMs: 2000 });
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 50);
      const started = Date.now();
      const error = await failure(
        c.model(server.url, false).complete(ask('q', { signal: controller.signal }))
      );
      expect(error.kind).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('is cancelled when aborted in the middle of a stream', async () => {
      const server = await serve(c, { answer: () => 'a b c d e f g h', eventDelayMs: 40 });
      const controller = new AbortController();
      const pieces: string[] = [];
      const onText = (t: string) => {
        pieces.push(t);
        controller.abort();
      };
      const error = await failure(
        c.model(server.url, true).complete(ask('q', { signal: controller.signal, onText }))
      );
      expect(error.kind).toBe('cancelled');
      expect(pieces).toEqual(['a ']);
    });

    it('is a timeout when the signal times out', async () => {
      const server = await serve(c, { latencyMs: 2000 });
      const error = await failure(
        c.model(server.url, true).complete(ask('q', { signal: AbortSignal.timeout(50) }))
      );
      expect(error.kind).toBe('timeout');
    });

    it('maps every seeded random fault to a retryable error, the same way on every run', async () => {
      const faults: Fault[] = [
        { kind: 'status', status: 429, retryAfter: '1' },
        { kind: 'status', status: 500 },
        { kind: 'reset' },
        { kind: 'truncate' },
        { kind: 'malformed-json' }
      ];
      const outcomes = async () => {
        const server = await serve(c, { faults: randomFaults({ seed: 'cq', rate: 0.5, faults }) });
        const model = c.model(server.url, true);
        const out: string[] = [];
        for (let i = 0; i < 12; i++) {
          out.push(
            await model.complete(ask('q')).then(
              (r) => r.text,
              (e: unknown) => (e instanceof Error && 'kind' in e ? String(e.kind) : 'unexpected')
            )
          );
        }
        return out;
      };
      const first = await outcomes();
      expect(first).toContain('You said: q');
      expect(
        first.filter((o) => o !== 'You said: q').every((o) => o === 'rate-limited' || o === 'transient')
      ).toBe(true);
      expect(first.some((o) => o !== 'You said: q')).toBe(true);
      expect(await outcomes()).toEqual(first);
    });
  });
}
