import { describe, expect, it } from 'vitest';
import { ModelError } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import type { RunItem } from './plan';
import { runItems, type RunOptions } from './runner';
import { FakeClock, FakeModel, MemoryStore, type Reply } from './testing';

const twoCall = (key: string): RunItem => ({
  key,
  category: 'test',
  story: 0,
  messages: [{ role: 'user', content: key }],
  followUps: [`${key} values`]
});
const checked = (key: string): RunItem => ({
  key,
  category: 'test',
  story: 0,
  messages: [{ role: 'user', content: key }],
  check: (text) => (text.startsWith('ok') ? undefined : 'unreadable')
});

/** A fresh clock and model for each session; the store is what survives between them. */
function session(store: MemoryStore, script: Record<string, Reply[]> = {}) {
  const clock = new FakeClock();
  const model = new FakeModel(clock, 1, script);
  const options: RunOptions = { sampling: DEFAULT_SAMPLING, clock, random: () => 0.5, baseDelayMs: 10 };
  return { clock, model, options };
}

describe('runItems: replies received before a stop are kept', () => {
  it('a run paused during the second call asks only the second call when resumed', async () => {
    const store = new MemoryStore();
    const first = session(store);
    const pause = new AbortController();
    // The first call ends at 100 ms, the second is in flight until 200 ms: pause at 150.
    void first.clock.wait(150).then(() => {
      pause.abort();
    });
    const stopped = await runItems(first.model, [twoCall('a')], store, 'r', first.options, {
      signal: pause.signal
    });
    expect(stopped.status).toBe('cancelled');
    expect(store.results('r')).toEqual([]);
    expect((await store.partials('r')).get('a')?.steps.map((s) => s.output)).toEqual(['answer to a']);

    const second = session(store, { 'a values': [{ text: '[Final answer]:\nX--agree' }] });
    const resumed = await runItems(second.model, [twoCall('a')], store, 'r', second.options);
    expect(resumed.status).toBe('completed');
    expect(second.model.calls.map((c) => c.key)).toEqual(['a values']);
    expect(store.results('r')[0]).toMatchObject({
      output: '[Final answer]:\nX--agree',
      steps: [{ output: 'answer to a' }],
      // Both sessions' calls and replies are on the record.
      attempts: 2,
      latencyMs: 200,
      usage: { promptTokens: 20, completionTokens: 4 }
    });
    expect((await store.partials('r')).size).toBe(0);
  });

  it('a permanent error in the second call keeps the first reply for the resumed run', async () => {
    const store = new MemoryStore();
    const first = session(store, { 'a values': [{ error: new ModelError('permanent', 'HTTP 401') }] });
    const stopped = await runItems(first.model, [twoCall('a')], store, 'r', first.options);
    expect(stopped.status).toBe('stopped');
    const second = session(store);
    await runItems(second.model, [twoCall('a')], store, 'r', second.options);
    expect(second.model.calls.map((c) => c.key)).toEqual(['a values']);
    expect(store.results('r')[0]?.steps?.[0]?.output).toBe('answer to a');
  });

  it('a refused reply is kept across a pause and still counts towards maxRejected', async () => {
    const store = new MemoryStore();
    const first = session(store, { j: [{ text: 'garbage' }] });
    const pause = new AbortController();
    void first.clock.wait(150).then(() => {
      pause.abort();
    });
    await runItems(
      first.model,
      [checked('j')],
      store,
      'r',
      { ...first.options, maxRejected: 1 },
      {
        signal: pause.signal
      }
    );
    const second = session(store, { j: [{ text: 'still garbage' }, { text: 'ok' }] });
    await runItems(second.model, [checked('j')], store, 'r', { ...second.options, maxRejected: 1 });
    // One refusal was spent before the pause: the next reply is stored whatever it says.
    expect(second.model.calls).toHaveLength(1);
    expect(store.results('r')[0]).toMatchObject({
      output: 'still garbage',
      rejected: ['garbage'],
      attempts: 2
    });
  });

  it('a partial that no longer fits the item (more replies than calls) is not used', async () => {
    const store = new MemoryStore();
    await store.savePartial('r', 'a', {
      steps: [
        { output: 'x', latencyMs: 1 },
        { output: 'y', latencyMs: 1 }
      ],
      rejected: [],
      attempts: 2,
      latencyMs: 2
    });
    const s = session(store);
    await runItems(s.model, [twoCall('a')], store, 'r', s.options);
    expect(s.model.calls.map((c) => c.key)).toEqual(['a', 'a values']);
    expect(store.results('r')[0]).toMatchObject({ attempts: 2, steps: [{ output: 'answer to a' }] });
  });
});
