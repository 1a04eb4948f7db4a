/**
 * The CLI's `run` against a server whose replies never end: each item stops at the reply cap,
 * is stored as failed with the reason, and is not asked again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../src/cli/cli';
import { startOpenAIServer } from '../servers/openai-server';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-cap-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('a run against endless replies fails each item once with "reply larger than", and stops reading', async () => {
  const server = await startOpenAIServer({
    answer: () => 'agree and more',
    faults: () => ({ kind: 'endless' })
  });
  const out = join(dir, 'endless.jsonl');
  const err: string[] = [];
  const io = { out: () => undefined, err: (t: string) => err.push(t), progress: () => undefined, tty: false };
  const code = await main(
    [
      'run',
      '--provider',
      'openai',
      '--base-url',
      server.url,
      '--model',
      'fake-model',
      '--task',
      'attitude',
      '--dataset',
      'religious',
      '--concurrency',
      '4',
      '--max-reply-bytes',
      '32768',
      '--out',
      out
    ],
    io
  );
  await server.close();
  // Every item failed, so the run exits non-zero and says why.
  expect(code, err.join('\n')).toBe(1);
  expect(err.join('\n')).toMatch(
    /items failed and have no answer; the last failure: reply larger than 32\.0 KB/
  );
  const results = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"result"'))
    .map(
      (l) => (JSON.parse(l) as { result: { output: string | null; error?: string; attempts: number } }).result
    );
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) {
    expect(r.output).toBeNull();
    expect(r.error).toMatch(/^reply larger than 32\.0 KB/);
    expect(r.attempts).toBe(1);
  }
  // One request per item, and each connection closed soon after the cap.
  expect(server.requests).toHaveLength(results.length);
  for (const request of server.requests)
    expect(request.sentBytes).toBeLessThan(64 * 32768 + 16 * 1024 * 1024);
}, 120_000);
