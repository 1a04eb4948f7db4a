import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../prompts/templates';
import { DEFAULT_SAMPLING } from '../schema/run';
import { planRun } from './plan';
import { runItems, systemClock, type RunOptions, type RunProgress } from './runner';
import { FAKE_EPOCH, FakeClock, FakeModel, MemoryStore, itemsFor } from './testing';

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `test/${i}`);

function setup(concurrency = 2) {
  const clock = new FakeClock();
  const model = new FakeModel(clock, concurrency);
  const store = new MemoryStore();
  const options: RunOptions = { sampling: DEFAULT_SAMPLING, clock, random: () => 0.5 };
  return { clock, model, store, options };
}

describe('runItems: scheduling', () => {
  it('keeps the model’s concurrency busy and never exceeds it', async () => {
    const { model, store, options } = setup(3);
    const seen: number[] = [];
    const outcome = await runItems(model, itemsFor(keys(10)), store, 'r', options, {
      onProgress: (p) => seen.push(p.inFlight)
    });
    expect(outcome.status).toBe('completed');
    expect(model.maxInFlight).toBe(3);
    expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    expect(store.results('r')).toHaveLength(10);
  });

  it('lets the caller lower the concurrency', async () => {
    const { model, store, options, clock } = setup(3);
    await runItems(model, itemsFor(keys(4)), store, 'r', { ...options, concurrency: 1 });
    expect(model.maxInFlight).toBe(1);
    // One at a time: four requests of 100 ms take 400 ms.
    expect(clock.now() - FAKE_EPOCH).toBe(400);
  });

  it('starts items in plan order', async () => {
    const { model, store, options } = setup(3);
    await runItems(model, itemsFor(keys(7)), store, 'r', options);
    expect(model.calls.map((c) => c.key)).toEqual(keys(7));
  });

  it('stores raw output, usage, latency, attempts and the clock’s time', async () => {
    const { model, store, options, clock } = setup(1);
    await runItems(model, itemsFor(keys(2)), store, 'r', options);
    // Each answered request's timeout timer is cleared: a pending one keeps the CLI alive.
    expect(clock.pending).toBe(0);
    expect(store.results('r')).toEqual([
      {
        itemKey: 'test/0',
        output: 'answer to test/0',
        usage: { promptTokens: 10, completionTokens: 2 },
        latencyMs: 100,
        attempts: 1,
        finishedAt: '2025-01-01T00:00:00.100Z'
      },
      expect.objectContaining({ itemKey: 'test/1', finishedAt: '2025-01-01T00:00:00.200Z' })
    ]);
  });

  it('refuses items that share a key rather than storing one result for two', async () => {
    const { model, store, options } = setup();
    await expect(runItems(model, itemsFor(['a', 'a']), store, 'r', options)).rejects.toThrow('key a');
    expect(model.calls).toHaveLength(0);
  });
});

describe('runItems: resume', () => {
  it('never asks again for an item already stored, and counts it as done', async () => {
    const { model, store, options } = setup(2);
    for (const key of ['test/0', 'test/1', 'test/3'])
      await store.save('r', {
        itemKey: key,
        output: 'earlier',
        latencyMs: 1,
        attempts: 1,
        finishedAt: '2024-12-31T00:00:00.000Z'
      });
    const outcome = await runItems(model, itemsFor(keys(5)), store, 'r', options);
    expect(model.calls.map((c) => c.key)).toEqual(['test/2', 'test/4']);
    expect(outcome.progress).toMatchObject({ total: 5, done: 5, resumed: 3, answered: 2 });
    expect(store.results('r').filter((r) => r.output === 'earlier')).toHaveLength(3);
  });

  it('keeps runs apart by run id', async () => {
    const { model, store, options } = setup(2);
    await runItems(model, itemsFor(keys(2)), store, 'one', options);
    await runItems(model, itemsFor(keys(2)), store, 'two', options);
    expect(model.calls).toHaveLength(4);
  });
});

describe('runItems: progress', () => {
  it('reports done, rate and time left from the clock after each stored item', async () => {
    const { model, store, options } = setup(1);
    const seen: RunProgress[] = [];
    const outcome = await runItems(model, itemsFor(keys(4)), store, 'r', options, {
      onProgress: (p) => seen.push(p)
    });
    // Reported once at the start and after each of the four items.
    expect(seen).toHaveLength(5);
    expect(seen[0]).toMatchObject({ total: 4, done: 0, inFlight: 0, etaMs: null, itemsPerSecond: 0 });
    expect(seen[1]).toMatchObject({ done: 1, answered: 1, elapsedMs: 100, itemsPerSecond: 10, etaMs: 300 });
    expect(seen[3]).toMatchObject({ done: 3, elapsedMs: 300, etaMs: 100 });
    expect(outcome.progress).toMatchObject({
      done: 4,
      answered: 4,
      failed: 0,
      inFlight: 0,
      promptTokens: 40,
      completionTokens: 8,
      etaMs: 0
    });
  });

  it('counts the prompt a same-story neighbour shares as prefill saved, not across stories', async () => {
    const options = [' agree ', ' disagree'];
    const q = (value: string) => ({ value, options, 'gold label': 'agree' });
    const items = planRun({
      categories: [
        {
          task: 'attitude',
          category: 'c',
          stories: [
            { story: 'Alpha story text.', questions: [q('One'), q('Two'), q('Three')] },
            { story: 'Beta story text.', questions: [q('Four')] }
          ]
        }
      ],
      setting: { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT },
      templates: DEFAULT_TEMPLATES
    });
    const { model, store, options: o } = setup(1);
    const outcome = await runItems(model, items, store, 'r', o);
    const user = items[0]!.messages[1]!.content;
    const throughStatement =
      DEFAULT_SYSTEM_PROMPT.length + user.indexOf('Statement: ') + 'Statement: '.length;
    const beforeStory = DEFAULT_SYSTEM_PROMPT.length + user.indexOf('Alpha');
    // "One" -> "Two" shares the story; "Two" -> "Three" shares the story and the "T".
    expect(outcome.progress.prefillSavedChars).toBe(throughStatement + (throughStatement + 1) + beforeStory);
  });
});

describe('runItems: faults outside the model', () => {
  it('winds the run down and then rejects when the progress callback throws', async () => {
    const { model, store, options, clock } = setup(2);
    let calls = 0;
    const run = runItems(model, itemsFor(keys(6)), store, 'r', options, {
      onProgress: () => {
        if (++calls === 2) throw new Error('display broke');
      }
    });
    await expect(run).rejects.toThrow('display broke');
    // Nothing is left running that nobody awaits.
    expect(model.inFlight).toBe(0);
    expect(clock.pending).toBe(0);
    expect(model.calls.length).toBeLessThan(6);
  });

  it('refuses a concurrency or attempt count that could never run', async () => {
    const { model, store, options } = setup();
    await expect(
      runItems(model, itemsFor(keys(1)), store, 'r', { ...options, concurrency: 0 })
    ).rejects.toThrow('concurrency must be a whole number');
    await expect(
      runItems(model, itemsFor(keys(1)), store, 'r', { ...options, maxAttempts: 0 })
    ).rejects.toThrow('maxAttempts must be a whole number');
  });
});

describe('systemClock', () => {
  it('sleeps in real time and rejects as cancelled when its signal aborts', async () => {
    const start = systemClock.now();
    await systemClock.sleep(20);
    expect(systemClock.now() - start).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'ModelError', kind: 'cancelled' });
  });
});
