import { describe, expect, it } from 'vitest';
import { ModelError } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import { runItems, type RunOptions, type RunProgress } from './runner';
import { FAKE_EPOCH, FakeClock, FakeModel, MemoryStore, itemsFor, type Reply } from './testing';

const TIMEOUT = 120_000;
const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `test/${i}`);
const transient = (): Reply => ({ error: new ModelError('transient', 'HTTP 503: overloaded') });

function setup(script: Record<string, Reply[]> = {}, concurrency = 2) {
  const clock = new FakeClock();
  const model = new FakeModel(clock, concurrency, script);
  const store = new MemoryStore();
  const options: RunOptions = { sampling: DEFAULT_SAMPLING, clock, random: () => 0.5 };
  // The runner's own sleeps other than request timeouts: the backoffs.
  const backoffs = () => clock.sleeps.filter((ms) => ms !== TIMEOUT);
  return { clock, model, store, options, backoffs };
}

describe('retries', () => {
  it('backs off exponentially with full jitter and stores the answer with its attempt count', async () => {
    const { model, store, options, backoffs } = setup({ 'test/0': [transient(), transient(), transient()] });
    const outcome = await runItems(model, itemsFor(keys(1)), store, 'r', options);
    // random() = 0.5 of a ceiling of 1 s, 2 s, 4 s.
    expect(backoffs()).toEqual([500, 1000, 2000]);
    expect(store.results('r')[0]).toMatchObject({ output: 'answer to test/0', attempts: 4 });
    expect(outcome.progress.retries).toBe(3);
  });

  it('caps the backoff at maxDelayMs and retries timeouts and rate limits too', async () => {
    const script = {
      'test/0': [
        transient(),
        { error: new ModelError('timeout', 'slow') },
        { error: new ModelError('rate-limited', 'HTTP 429') },
        transient()
      ]
    };
    const { model, store, options, backoffs } = setup(script);
    await runItems(model, itemsFor(keys(1)), store, 'r', {
      ...options,
      random: () => 0.999,
      maxDelayMs: 3000
    });
    expect(backoffs()).toEqual([999, 1998, 2997, 2997]);
    expect(store.results('r')[0]?.attempts).toBe(5);
  });

  it('waits at least as long as Retry-After says, never less', async () => {
    const script = {
      'test/0': [{ error: new ModelError('rate-limited', 'HTTP 429', { retryAfterMs: 30_000 }) }]
    };
    const { model, store, options, backoffs } = setup(script);
    await runItems(model, itemsFor(keys(1)), store, 'r', options);
    expect(backoffs()).toEqual([30_000]);
    const [first, second] = model.calls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(30_000);
  });

  it('stores an item whose attempts ran out as failed, with the last error, and goes on', async () => {
    const script = {
      'test/1': [transient(), transient(), { error: new ModelError('transient', 'connection reset') }]
    };
    const { model, store, options } = setup(script);
    const seen: RunProgress[] = [];
    const outcome = await runItems(
      model,
      itemsFor(keys(3)),
      store,
      'r',
      { ...options, maxAttempts: 3 },
      {
        onProgress: (p) => seen.push(p)
      }
    );
    expect(outcome.status).toBe('completed');
    const failed = store.results('r').find((r) => r.itemKey === 'test/1');
    expect(failed).toMatchObject({ output: null, error: 'connection reset', attempts: 3 });
    expect(store.results('r')).toHaveLength(3);
    expect(outcome.progress).toMatchObject({ answered: 2, failed: 1, retries: 2, done: 3 });
    // Retries are reported as they happen, before the item is stored.
    expect(seen.some((p) => p.retries === 1 && p.done < 3)).toBe(true);
  });

  it('retries an unexpected error as transient and stores its message if it persists', async () => {
    const fetchFailed = (): Reply => ({ error: new TypeError('fetch failed') });
    const { model, store, options } = setup({ 'test/0': [fetchFailed(), fetchFailed()] });
    await runItems(model, itemsFor(keys(1)), store, 'r', { ...options, maxAttempts: 2 });
    expect(store.results('r')[0]).toMatchObject({ output: null, error: 'fetch failed', attempts: 2 });
  });
});

describe('timeouts', () => {
  it('aborts a request that takes too long and retries it as a timeout', async () => {
    const script = { 'test/0': [{ latencyMs: 10_000 }, { latencyMs: 10_000 }] };
    const { model, store, options, clock } = setup(script);
    const outcome = await runItems(model, itemsFor(keys(1)), store, 'r', {
      ...options,
      timeoutMs: 1000,
      maxAttempts: 2
    });
    expect(outcome.status).toBe('completed');
    expect(store.results('r')[0]).toMatchObject({
      output: null,
      error: 'no response within 1 s',
      attempts: 2
    });
    expect(model.aborted).toEqual(['test/0', 'test/0']);
    // No timer is left behind to fire later (it would keep the CLI's process alive).
    expect(clock.pending).toBe(0);
  });

  it('gives up on a stuck engine that ignores the abort', async () => {
    const script = { 'test/0': [{ latencyMs: 1e9, ignoreSignal: true }] };
    const { model, store, options, clock } = setup(script);
    const started = clock.now();
    const run = runItems(model, itemsFor(keys(1)), store, 'r', {
      ...options,
      timeoutMs: 1000,
      maxAttempts: 2
    });
    const outcome = await run;
    expect(outcome.progress.answered).toBe(1);
    expect(clock.now() - started).toBeLessThan(2000);
  });
});

describe('permanent errors', () => {
  it('stop the run at once: in-flight requests aborted, nothing more started, answers kept', async () => {
    const script = {
      'test/0': [{ latencyMs: 10 }],
      'test/1': [{ latencyMs: 100 }],
      'test/2': [{ latencyMs: 20, error: new ModelError('permanent', 'HTTP 401: check the API key') }]
    };
    const { model, store, options } = setup(script);
    const outcome = await runItems(model, itemsFor(keys(8)), store, 'r', options);
    expect(outcome).toMatchObject({
      status: 'stopped',
      stopped: { reason: 'permanent', message: 'HTTP 401: check the API key' }
    });
    expect(model.calls.map((c) => c.key)).toEqual(['test/0', 'test/1', 'test/2']);
    expect(model.aborted).toEqual(['test/1']);
    // The item that failed for good is not stored: after the fix, resume asks it again.
    expect(store.results('r').map((r) => r.itemKey)).toEqual(['test/0']);
  });

  it('keep their reason when the user cancels afterwards, and a save under way completes', async () => {
    const clock = new FakeClock();
    const script = {
      'test/0': [{ latencyMs: 40 }],
      'test/1': [{ latencyMs: 50, error: new ModelError('permanent', 'HTTP 404: unknown model') }]
    };
    const model = new FakeModel(clock, 2, script);
    const store = new MemoryStore({ clock, ms: 100 });
    const controller = new AbortController();
    void clock.wait(60).then(() => {
      controller.abort();
    });
    const outcome = await runItems(
      model,
      itemsFor(keys(4)),
      store,
      'r',
      { sampling: DEFAULT_SAMPLING, clock },
      {
        signal: controller.signal
      }
    );
    expect(outcome).toMatchObject({ status: 'stopped', stopped: { reason: 'permanent' } });
    expect(store.results('r').map((r) => r.itemKey)).toEqual(['test/0']);
  });
});

describe('cancellation', () => {
  it('drops in-flight items unstored, starts nothing, and a second run completes the rest', async () => {
    const { model, store, options, clock } = setup({}, 2);
    const controller = new AbortController();
    void clock.wait(150).then(() => {
      controller.abort();
    });
    const first = await runItems(model, itemsFor(keys(6)), store, 'r', options, {
      signal: controller.signal
    });
    expect(first.status).toBe('cancelled');
    expect(store.results('r').map((r) => r.itemKey)).toEqual(['test/0', 'test/1']);
    expect(model.aborted).toEqual(['test/2', 'test/3']);
    expect(first.progress).toMatchObject({ done: 2, failed: 0, inFlight: 0 });

    const second = await runItems(model, itemsFor(keys(6)), store, 'r', options);
    expect(second.status).toBe('completed');
    expect(model.calls.slice(4).map((c) => c.key)).toEqual(['test/2', 'test/3', 'test/4', 'test/5']);
    expect(
      store
        .results('r')
        .map((r) => r.itemKey)
        .sort()
    ).toEqual(keys(6));
    expect(store.results('r').every((r) => r.output !== null)).toBe(true);
  });

  it('stops waiting for a retry, and never marks the item failed', async () => {
    const { model, store, options, clock } = setup({ 'test/0': [transient()] }, 1);
    const controller = new AbortController();
    void clock.wait(200).then(() => {
      controller.abort();
    });
    const outcome = await runItems(
      model,
      itemsFor(keys(2)),
      store,
      'r',
      { ...options, baseDelayMs: 10_000 },
      {
        signal: controller.signal
      }
    );
    expect(outcome.status).toBe('cancelled');
    expect(store.results('r')).toEqual([]);
    // Cancelled at 200 ms, in the middle of a 5 s backoff that is not waited out.
    expect(clock.now() - FAKE_EPOCH).toBe(200);
  });

  it('treats a model’s own AbortError as cancelled, not failed', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const { model, store, options } = setup({ 'test/0': [{ error: abort }] });
    const outcome = await runItems(model, itemsFor(keys(1)), store, 'r', options);
    expect(outcome.status).toBe('cancelled');
    expect(store.results('r')).toEqual([]);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const { model, store, options } = setup();
    const outcome = await runItems(model, itemsFor(keys(3)), store, 'r', options, {
      signal: AbortSignal.abort()
    });
    expect(outcome.status).toBe('cancelled');
    expect(model.calls).toEqual([]);
  });
});

describe('storage failures', () => {
  it('stop the run and keep the received response in unsaved', async () => {
    const { model, store, options } = setup({}, 1);
    store.failWhen = (r) => r.itemKey === 'test/2';
    const outcome = await runItems(model, itemsFor(keys(4)), store, 'r', options);
    expect(outcome.status).toBe('stopped');
    if (outcome.status !== 'stopped') return;
    expect(outcome.stopped.reason).toBe('storage');
    expect(outcome.stopped.message).toContain('could not save test/2: QuotaExceededError');
    expect(outcome.unsaved).toEqual([
      expect.objectContaining({ itemKey: 'test/2', output: 'answer to test/2' })
    ]);
    expect(model.calls.map((c) => c.key)).toEqual(['test/0', 'test/1', 'test/2']);
    expect(store.results('r').map((r) => r.itemKey)).toEqual(['test/0', 'test/1']);
  });

  it('are reported even when the run was cancelled while the response was being saved', async () => {
    const clock = new FakeClock();
    const model = new FakeModel(clock, 1);
    const store = new MemoryStore({ clock, ms: 50 });
    store.failWhen = () => true;
    const controller = new AbortController();
    // The response arrives at 100 ms, the user cancels at 120 ms, the save fails at 150 ms.
    void clock.wait(120).then(() => {
      controller.abort();
    });
    const outcome = await runItems(
      model,
      itemsFor(keys(3)),
      store,
      'r',
      { sampling: DEFAULT_SAMPLING, clock },
      {
        signal: controller.signal
      }
    );
    expect(outcome).toMatchObject({ status: 'stopped', stopped: { reason: 'storage' } });
    expect(outcome.unsaved.map((r) => r.itemKey)).toEqual(['test/0']);
    expect(model.calls).toHaveLength(1);
  });

  it('stop the run before any request when the stored keys cannot be read', async () => {
    const { model, store, options } = setup();
    store.storedKeys = () => Promise.reject(new Error('the database is blocked by another tab'));
    const outcome = await runItems(model, itemsFor(keys(2)), store, 'r', options);
    expect(outcome).toMatchObject({
      status: 'stopped',
      stopped: {
        reason: 'storage',
        message: 'could not read the stored results: the database is blocked by another tab'
      }
    });
    expect(model.calls).toEqual([]);
  });
});
