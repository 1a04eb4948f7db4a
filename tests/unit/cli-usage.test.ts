import { describe, expect, it } from 'vitest';
import { JUDGE_COMMAND_FLAGS } from '../../src/cli/commands/judge';
import { RUN_FLAGS } from '../../src/cli/commands/run';
import { SUITE_FLAGS } from '../../src/cli/commands/suite';
import { JUDGE_USAGE, RUN_USAGE, SUITE_USAGE } from '../../src/cli/usage';
import { main } from '../../src/cli/cli';
import { extractionTable, type JudgingRow } from '../../src/cli/report-extraction';
import { summarizeExtraction } from '../../src/lib/core/extraction';

describe('CLI usage texts', () => {
  it('name every flag run, suite and judge accept', () => {
    for (const [usage, flags] of [
      [RUN_USAGE, RUN_FLAGS],
      [SUITE_USAGE, SUITE_FLAGS],
      [JUDGE_USAGE, JUDGE_COMMAND_FLAGS]
    ] as const) {
      expect(flags.values.length + flags.switches.length).toBeGreaterThan(0);
      for (const flag of [...flags.values, ...flags.switches]) expect(usage).toContain(`--${flag}`);
    }
  });

  it('one number reader: every command names the flag, the rule and the value given', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    const run = ['run', '--provider', 'random', '--task', 'attitude', '--dataset', 'social', '--out', 'x'];
    expect(await main([...run, '--retry-base-ms', '-1'], io)).toBe(2);
    expect(await main(['judge', '--run', 'x.jsonl', '--retry-max-ms', 'soon'], io)).toBe(2);
    expect(err).toEqual([
      'error: run: --retry-base-ms must be a number ≥ 0, got "-1"',
      'error: judge: --retry-max-ms must be a number ≥ 0, got "soon"'
    ]);
  });
});

describe('command names', () => {
  it('refuse names an object holds by inheritance, like any unknown command', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const err: string[] = [];
      expect(await main([name], { out: () => undefined, err: (t: string) => err.push(t) })).toBe(2);
      expect(err).toEqual([expect.stringContaining(`unknown command "${name}"`)]);
    }
  });
});

describe('the value-extraction report', () => {
  const row: JudgingRow = {
    id: 'j',
    judge: { provider: 'openai', model: 'judge' },
    samples: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    done: 1,
    total: 1,
    complete: true
  };
  const at = '2026-01-01T00:00:00.000Z';
  const r = (itemKey: string, output: string) => ({
    itemKey,
    output,
    latencyMs: 1,
    attempts: 1,
    finishedAt: at
  });
  const gold = [{ key: 'c/0', category: 'c', story: 0, gold: ['A--agree', 'B--agree'] }];
  const results = [r('c/0', '[Final answer]:\nA--agree')];

  it('says there is no readable verdict rather than a score of 0', () => {
    const s = summarizeExtraction({ gold, results, judgeResults: [r('c/0', 'They look fine.')] });
    const text = extractionTable(s, row);
    expect(text).toMatch(/score\s+no readable verdict/);
    expect(text).not.toContain('0.0000  (95% CI');
  });

  it('calls a score paper-compatible only when every verdict was read', () => {
    const read = summarizeExtraction({
      gold,
      results,
      judgeResults: [r('c/0', '[Final answer]:\nValue 1: 1\nValue 2: 0')]
    });
    expect(extractionTable(read, row)).toContain(
      '0.5000  (95% CI 0.5000-0.5000, mean over counted gold values; paper-compatible)'
    );
    const half = summarizeExtraction({
      gold,
      results,
      judgeResults: [r('c/0', '[Final answer]:\nValue 1: 1')]
    });
    expect(extractionTable(half, row)).toContain('not paper-compatible: 1 unread');
    expect(extractionTable(half, row)).toContain('verdict coverage 0.5000');
  });
});
