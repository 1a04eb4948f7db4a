import { describe, expect, it } from 'vitest';
import { ModelError } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import type { RunItem } from './plan';
import { runItems, type RunOptions } from './runner';
import { FakeClock, FakeModel, MemoryStore, type Reply } from './testing';

/** Two-call items: the first message is the key, the follow-up is `<key> values`. */
function twoCall(keys: readonly string[], check?: (text: string) => string | undefined): RunItem[] {
  return keys.map((key, story) => ({
    key,
    category: 'test',
    story,
    messages: [{ role: 'user', content: key }],
    followUps: [`${key} values`],
    ...(check === undefined ? {} : { check })
  }));
}

function setup(script: Record<string, Reply[]> = {}) {
  const clock = new FakeClock();
  const model = new FakeModel(clock, 2, script);
  const store = new MemoryStore();
  const options: RunOptions = { sampling: DEFAULT_SAMPLING, clock, random: () => 0.5, baseDelayMs: 10 };
  return { clock, model, store, options };
}

const transient = (): Reply => ({ error: new ModelError('transient', 'HTTP 503') });

describe('runItems: items of several calls', () => {
  it('sends the follow-up after the reply in one conversation and keeps the first reply as a step', async () => {
    const { model, store, options } = setup({
      'a values': [{ text: '[Final answer]:\nX--agree', usage: { promptTokens: 30, completionTokens: 5 } }]
    });
    const requests: string[][] = [];
    const spy = {
      identity: model.identity,
      concurrency: 1,
      complete: (r: Parameters<FakeModel['complete']>[0]) => {
        requests.push(r.messages.map((m) => `${m.role}:${m.content}`));
        return model.complete(r);
      }
    };
    const outcome = await runItems(spy, twoCall(['a']), store, 'r', options);
    expect(outcome.status).toBe('completed');
    expect(requests).toEqual([['user:a'], ['user:a', 'assistant:answer to a', 'user:a values']]);
    const [result] = store.results('r');
    expect(result).toMatchObject({
      itemKey: 'a',
      output: '[Final answer]:\nX--agree',
      steps: [{ output: 'answer to a', usage: { promptTokens: 10, completionTokens: 2 }, latencyMs: 100 }],
      // The item's cost is the sum of its calls.
      usage: { promptTokens: 40, completionTokens: 7 },
      latencyMs: 200,
      attempts: 2
    });
    expect(outcome.progress.answered).toBe(1);
  });

  it('a retryable error in the second call retries the second call only', async () => {
    const { model, store, options } = setup({ 'a values': [transient(), transient(), { text: 'done' }] });
    await runItems(model, twoCall(['a']), store, 'r', options);
    expect(model.calls.map((c) => c.key)).toEqual(['a', 'a values', 'a values', 'a values']);
    expect(store.results('r')[0]).toMatchObject({
      output: 'done',
      attempts: 4,
      steps: [{ output: 'answer to a' }]
    });
  });

  it('when the second call fails for good the first reply is still stored, with the error', async () => {
    const { store, options, model } = setup({ 'a values': [transient(), transient()] });
    const outcome = await runItems(model, twoCall(['a']), store, 'r', { ...options, maxAttempts: 2 });
    expect(outcome.progress.failed).toBe(1);
    expect(store.results('r')[0]).toMatchObject({
      output: null,
      error: 'HTTP 503',
      steps: [{ output: 'answer to a' }],
      attempts: 3
    });
  });
});

describe('runItems: checked replies', () => {
  const check = (text: string): string | undefined => (text.startsWith('ok') ? undefined : 'unreadable');
  const item = (key: string): RunItem => ({
    key,
    category: 'test',
    story: 0,
    messages: [{ role: 'user', content: key }],
    check
  });

  it('asks a refused reply again and keeps the refused texts', async () => {
    const { model, store, options } = setup({
      j: [{ text: 'garbage 1' }, { text: 'garbage 2' }, { text: 'ok now' }]
    });
    const outcome = await runItems(model, [item('j')], store, 'r', options);
    expect(store.results('r')[0]).toMatchObject({
      output: 'ok now',
      rejected: ['garbage 1', 'garbage 2'],
      attempts: 3,
      usage: { promptTokens: 30, completionTokens: 6 }
    });
    expect(outcome.progress.retries).toBe(2);
  });

  it('after maxRejected refusals the last reply is stored as the output', async () => {
    const { model, store, options } = setup({
      j: [{ text: 'bad 1' }, { text: 'bad 2' }, { text: 'bad 3' }, { text: 'ok' }]
    });
    await runItems(model, [item('j')], store, 'r', options);
    expect(model.calls).toHaveLength(3);
    expect(store.results('r')[0]).toMatchObject({ output: 'bad 3', rejected: ['bad 1', 'bad 2'] });
  });

  it('maxRejected 0 stores the first reply whatever the check says', async () => {
    const { model, store, options } = setup({ j: [{ text: 'bad' }] });
    await runItems(model, [item('j')], store, 'r', { ...options, maxRejected: 0 });
    expect(store.results('r')[0]).toMatchObject({ output: 'bad' });
    expect(store.results('r')[0]?.rejected).toBeUndefined();
  });

  it('an item without check or follow-ups is stored exactly as before (no steps, no rejected)', async () => {
    const { model, store, options } = setup();
    await runItems(
      model,
      [{ key: 'p', category: 't', story: 0, messages: [{ role: 'user', content: 'p' }] }],
      store,
      'r',
      options
    );
    expect(Object.keys(store.results('r')[0]!).sort()).toEqual(
      ['attempts', 'finishedAt', 'itemKey', 'latencyMs', 'output', 'usage'].sort()
    );
  });
});
