import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendJudging, createRunFile, JsonlResultStore, readRunFile } from './jsonl-store';
import type { JudgingConfig } from '../lib/core/schema/judging';
import { ModelError, type ChatModel, type ChatResponse } from '../lib/core/ports';
import type { RunItem } from '../lib/core/runner/plan';
import { runItems } from '../lib/core/runner/runner';
import { DEFAULT_SAMPLING, type ItemResult, type RunConfig } from '../lib/core/schema/run';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-jsonl-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config: RunConfig = {
  task: 'attitude',
  dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
  categories: ['social'],
  prompt: { reasoning: false, shots: 0, systemPrompt: '', templateHash: 'b'.repeat(64) },
  model: { provider: 'baseline', model: 'uniform-random' },
  sampling: DEFAULT_SAMPLING,
  environment: { appVersion: '0.1.0' },
  createdAt: '2026-11-27T10:00:00.000Z'
};
const result = (key: string): ItemResult => ({
  itemKey: key,
  output: `answer ${key}`,
  latencyMs: 5,
  attempts: 1,
  finishedAt: '2026-11-27T10:00:01.000Z'
});

describe('JSONL run files', () => {
  it('keep every response appended, concurrently or not, and know which items are stored', async () => {
    const path = join(dir, 'run.jsonl');
    await createRunFile(path, 'r1', config);
    const store = new JsonlResultStore(path);
    await Promise.all(['a', 'b', 'c', 'd'].map((k) => store.save('r1', result(k))));
    expect([...(await store.storedKeys())].sort()).toEqual(['a', 'b', 'c', 'd']);
    const file = await readRunFile(path);
    expect(file.config).toEqual(config);
    expect(file.results).toHaveLength(4);
  });

  it('survive a write cut off mid-line: the partial line is ignored, then removed on the next save', async () => {
    const path = join(dir, 'killed.jsonl');
    await createRunFile(path, 'r2', config);
    const store = new JsonlResultStore(path);
    await store.save('r2', result('a'));
    appendFileSync(path, '{"type":"result","result":{"itemKey":"b","out');
    expect([...(await new JsonlResultStore(path).storedKeys())]).toEqual(['a']);
    const resumed = new JsonlResultStore(path);
    await resumed.save('r2', result('b'));
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect((await readRunFile(path)).results.map((r) => r.itemKey)).toEqual(['a', 'b']);
  });

  it('refuse to overwrite an existing run, and name the line of a damaged one', async () => {
    const path = join(dir, 'run.jsonl');
    await expect(createRunFile(path, 'again', config)).rejects.toThrow('EEXIST');
    const damaged = join(dir, 'damaged.jsonl');
    await createRunFile(damaged, 'r3', config);
    appendFileSync(damaged, '{"type":"result","result":{"itemKey":""}}\n');
    await expect(readRunFile(damaged)).rejects.toThrow(`${damaged}: line 2:`);
  });

  it('keep judgings beside the run: judge results under their judging, the model results untouched', async () => {
    const path = join(dir, 'judged.jsonl');
    await createRunFile(path, 'r4', { ...config, task: 'extraction' });
    const store = new JsonlResultStore(path);
    await store.save('r4', result('social/0'));
    const judging: JudgingConfig = {
      runId: 'r4',
      judge: { provider: 'openai', model: 'judge' },
      sampling: { temperature: 0, topP: 1, maxTokens: 100 },
      samples: 1,
      templateHash: 'c'.repeat(64),
      environment: { appVersion: '0.1.0' },
      createdAt: '2026-11-27T10:00:02.000Z'
    };
    await appendJudging(path, 'j1', judging);
    await store.save('j1', result('social/0'));
    // A partial judge line from a killed judging is dropped before the next judging starts.
    appendFileSync(path, '{"type":"judge-result","judgingId":"j1","res');
    await appendJudging(path, 'j2', judging);
    await new JsonlResultStore(path).save('j2', result('social/0'));
    const file = await readRunFile(path);
    expect(file.results.map((r) => r.itemKey)).toEqual(['social/0']);
    expect(file.judgings.map((j) => [j.id, j.results.length])).toEqual([
      ['j1', 1],
      ['j2', 1]
    ]);
    expect([...(await store.storedKeys('j1'))]).toEqual(['social/0']);
    await expect(store.save('nope', result('x'))).rejects.toThrow('no run or judging nope');
    await expect(appendJudging(path, 'j1', judging)).rejects.toThrow('already has');
  });

  it('refuse a judge result for a judging the file does not have', async () => {
    const path = join(dir, 'orphan.jsonl');
    await createRunFile(path, 'r5', config);
    appendFileSync(
      path,
      `${JSON.stringify({ type: 'judge-result', judgingId: 'x', result: result('a') })}\n`
    );
    await expect(readRunFile(path)).rejects.toThrow('unknown judging x');
  });

  it('keep the replies of an unfinished item, so a resumed run asks only the call it had not received', async () => {
    const path = join(dir, 'paused.jsonl');
    await createRunFile(path, 'r6', { ...config, task: 'extraction' });
    const item: RunItem = {
      key: 'social/0',
      category: 'social',
      story: 0,
      messages: [{ role: 'user', content: 'the story' }],
      followUps: ['the values?']
    };
    const paused = new AbortController();
    const asked: string[] = [];
    const model = (second: () => Promise<ChatResponse>): ChatModel => ({
      identity: { provider: 'fake', model: 'm' },
      concurrency: 1,
      complete: (request) => {
        asked.push(request.messages.at(-1)!.content);
        const reply = (text: string): Promise<ChatResponse> =>
          Promise.resolve({ text, finishReason: 'stop', timing: { totalMs: 5 } });
        return request.messages.length === 1 ? reply('the analysis') : second();
      }
    });
    // The first session is paused while its second call is waiting.
    const waiting = (): Promise<ChatResponse> => {
      setTimeout(() => {
        paused.abort();
      }, 0);
      return new Promise((_resolve, reject) => {
        paused.signal.addEventListener('abort', () => {
          reject(new ModelError('cancelled', 'paused'));
        });
      });
    };
    const options = { sampling: DEFAULT_SAMPLING };
    const first = await runItems(model(waiting), [item], new JsonlResultStore(path), 'r6', options, {
      signal: paused.signal
    });
    expect(first.status).toBe('cancelled');
    expect(asked).toEqual(['the story', 'the values?']);
    expect(readFileSync(path, 'utf8')).toContain('"type":"partial"');

    asked.length = 0;
    const answer = () =>
      Promise.resolve<ChatResponse>({
        text: '[Final answer]:\nX--agree',
        finishReason: 'stop',
        timing: { totalMs: 5 }
      });
    const store = new JsonlResultStore(path);
    await runItems(model(answer), [item], store, 'r6', options);
    expect(asked).toEqual(['the values?']);
    const file = await readRunFile(path);
    expect(file.results[0]).toMatchObject({ output: '[Final answer]:\nX--agree', attempts: 2 });
    expect(file.results[0]?.steps?.[0]?.output).toBe('the analysis');
    expect(await store.partials('r6')).toEqual(new Map());
  });

  it('refuse a partial line for a run or judging the file does not have', async () => {
    const path = join(dir, 'orphan-partial.jsonl');
    await createRunFile(path, 'r7', config);
    const partial = { steps: [], rejected: ['x'], attempts: 1, latencyMs: 1 };
    appendFileSync(path, `${JSON.stringify({ type: 'partial', runId: 'r7', itemKey: 'a', partial })}\n`);
    expect((await readRunFile(path)).partials.get('r7')?.get('a')?.rejected).toEqual(['x']);
    appendFileSync(path, `${JSON.stringify({ type: 'partial', runId: 'j', itemKey: 'a', partial })}\n`);
    await expect(readRunFile(path)).rejects.toThrow('unknown run or judging j');
  });
});
