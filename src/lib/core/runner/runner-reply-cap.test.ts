import { describe, expect, it } from 'vitest';
import { ModelError, type ChatModel, type ChatRequest, type ChatResponse } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import { runItems } from './runner';
import { FakeClock, MemoryStore, itemsFor } from './testing';

/**
 * An engine in the tab (as wllama and WebLLM are) that streams text through `onText` until it
 * is aborted, and one that returns a long reply whole. Neither has an HTTP body to cap: the
 * runner must.
 */
class EndlessEngine implements ChatModel {
  readonly identity = { provider: 'wllama', model: 'endless.gguf' };
  readonly concurrency = 1;
  calls = 0;
  streamed = 0;

  async complete(request: ChatRequest): Promise<ChatResponse> {
    this.calls++;
    const key = request.messages.at(-1)?.content ?? '';
    if (key !== 'test/0') return { text: 'agree', finishReason: 'stop', timing: { totalMs: 1 } };
    while (request.signal?.aborted !== true) {
      request.onText?.('token '.repeat(100));
      this.streamed += 600;
      // Yield as an engine yields between tokens.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    throw new ModelError('cancelled', 'stopped');
  }
}

class WholeReply implements ChatModel {
  readonly identity = { provider: 'webllm', model: 'whole' };
  readonly concurrency = 1;
  calls = 0;
  constructor(private readonly bytes: number) {}
  complete(): Promise<ChatResponse> {
    this.calls++;
    return Promise.resolve({
      text: 'é'.repeat(this.bytes / 2),
      finishReason: 'stop',
      timing: { totalMs: 1 }
    });
  }
}

const CAP = 16 * 1024;

describe('reply cap in the runner', () => {
  it('stops an engine that streams without end at the cap, fails the item without retrying, and goes on', async () => {
    const model = new EndlessEngine();
    const store = new MemoryStore();
    // The real clock: the engine yields to real timers, as engines in a tab do.
    const outcome = await runItems(model, itemsFor(['test/0', 'test/1']), store, 'r', {
      sampling: DEFAULT_SAMPLING,
      maxReplyBytes: CAP
    });
    const [capped, next] = store.results('r');
    expect(capped).toMatchObject({ itemKey: 'test/0', attempts: 1 });
    expect(capped?.error).toMatch(/^reply larger than 16\.0 KB: endless\.gguf sent more/);
    expect(capped?.output).toBeNull();
    // It stopped soon after the cap, not at the timeout.
    expect(model.streamed).toBeLessThan(CAP + 1200);
    expect(next).toMatchObject({ itemKey: 'test/1', output: 'agree' });
    expect(model.calls).toBe(2);
    expect(outcome.progress.failed).toBe(1);
  });

  it('refuses a reply that came whole over the cap, counted in UTF-8 bytes, and keeps one under it', async () => {
    const over = new WholeReply(CAP + 2);
    const store = new MemoryStore();
    await runItems(over, itemsFor(['test/0']), store, 'r', {
      sampling: DEFAULT_SAMPLING,
      clock: new FakeClock(),
      maxReplyBytes: CAP
    });
    expect(store.results('r')[0]?.error).toMatch(/^reply larger than 16\.0 KB/);
    expect(over.calls).toBe(1);

    const under = new WholeReply(CAP);
    const kept = new MemoryStore();
    await runItems(under, itemsFor(['test/0']), kept, 'r', {
      sampling: DEFAULT_SAMPLING,
      clock: new FakeClock(),
      maxReplyBytes: CAP
    });
    expect(kept.results('r')[0]?.output).toHaveLength(CAP / 2);
  });
});
