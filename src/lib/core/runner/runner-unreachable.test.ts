import { describe, expect, it } from 'vitest';
import { ModelError, type UnreachableCause } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import { runItems, type RunOptions } from './runner';
import { FakeClock, FakeModel, MemoryStore, itemsFor, type Reply } from './testing';

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `test/${i}`);
const SERVER = 'could not reach 127.0.0.1:8098 at http://127.0.0.1:8098/v1 (Failed to fetch)';
const unreachable = (cause: UnreachableCause = 'blocked'): Reply => ({
  error: new ModelError('transient', SERVER, { unreachable: cause })
});
const times = (n: number, reply: () => Reply): Reply[] => Array.from({ length: n }, reply);

function setup(script: Record<string, Reply[]>, concurrency: number) {
  const clock = new FakeClock();
  const model = new FakeModel(clock, concurrency, script);
  const store = new MemoryStore();
  const options: RunOptions = { sampling: DEFAULT_SAMPLING, clock, random: () => 0.5, maxAttempts: 3 };
  return { model, store, options };
}

describe('a server that cannot be reached', () => {
  it('stops the run after three calls in a row fail the same way, naming the server and the fix, storing no item as failed', async () => {
    const script = Object.fromEntries(keys(40).map((k) => [k, times(6, () => unreachable())]));
    const { model, store, options } = setup(script, 1);
    const outcome = await runItems(model, itemsFor(keys(40)), store, 'r', options);
    expect(outcome.status).toBe('stopped');
    if (outcome.status !== 'stopped') return;
    expect(outcome.stopped.reason).toBe('unreachable');
    expect(outcome.stopped.message).toContain('http://127.0.0.1:8098/v1');
    expect(outcome.stopped.message).toContain('OLLAMA_ORIGINS');
    expect(model.calls).toHaveLength(3);
    expect(store.results('r')).toEqual([]);
    expect(outcome.progress).toMatchObject({ failed: 0, answered: 0, lastFailure: SERVER });
  });

  it('stops as soon as parallel first calls all fail, and says what a refused connection means', async () => {
    const script = Object.fromEntries(keys(8).map((k) => [k, times(6, () => unreachable('refused'))]));
    const { model, store, options } = setup(script, 4);
    const outcome = await runItems(model, itemsFor(keys(8)), store, 'r', options);
    expect(outcome.status === 'stopped' && outcome.stopped.message).toMatch(/Nothing listens there/);
    expect(model.calls.length).toBeLessThanOrEqual(4);
  });

  it('once the server has answered, rides out a short outage but stops when it lasts two items', async () => {
    const script: Record<string, Reply[]> = {
      'test/1': [unreachable(), unreachable()],
      ...Object.fromEntries(
        keys(10)
          .slice(3)
          .map((k) => [k, times(6, () => unreachable())])
      )
    };
    const { model, store, options } = setup(script, 1);
    const outcome = await runItems(model, itemsFor(keys(10)), store, 'r', options);
    expect(outcome.status).toBe('stopped');
    // test/0–2 answered (test/1 on its third call); test/3 failed all three calls and is stored
    // as failed; the sixth failure in a row, on test/4, stops the run.
    expect(store.results('r').map((r) => [r.itemKey, r.output === null])).toEqual([
      ['test/0', false],
      ['test/1', false],
      ['test/2', false],
      ['test/3', true]
    ]);
    expect(outcome.progress).toMatchObject({ answered: 3, failed: 1 });
  });

  it('does not stop on failures of different kinds: only a server that is never there', async () => {
    const mixed = (): Reply[] => [
      unreachable('refused'),
      unreachable('dns'),
      { error: new ModelError('transient', 'HTTP 502') }
    ];
    const script = Object.fromEntries(keys(3).map((k) => [k, mixed()]));
    const { model, store, options } = setup(script, 1);
    const outcome = await runItems(model, itemsFor(keys(3)), store, 'r', options);
    expect(outcome.status).toBe('completed');
    expect(outcome.progress).toMatchObject({ failed: 3, lastFailure: 'HTTP 502' });
  });
});

describe('progress after a resume', () => {
  it('counts the items an earlier session stored as failed apart from those it answered', async () => {
    const { model, store, options } = setup({}, 1);
    await store.save('r', {
      itemKey: 'test/0',
      output: null,
      error: SERVER,
      latencyMs: 1,
      attempts: 3,
      finishedAt: '2026-12-01T00:00:00.000Z'
    });
    await store.save('r', {
      itemKey: 'test/1',
      output: 'yes',
      latencyMs: 1,
      attempts: 1,
      finishedAt: '2026-12-01T00:00:00.000Z'
    });
    const outcome = await runItems(model, itemsFor(keys(3)), store, 'r', options);
    expect(outcome.progress).toMatchObject({ resumed: 2, resumedFailed: 1, answered: 1, failed: 0 });
  });
});
