/**
 * The CLI's `suite`: every task in every prompt setting for one model, against a local server
 * speaking OpenAI's protocol; an interrupted suite resumed asks no answered item again.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { shippedDataset } from '../../src/cli/resolve-dataset';
import { extractionModel, fakeJudge } from '../servers/extraction-fakes';
import { startOpenAIServer } from '../servers/openai-server';
import type { FakePrompt, FakeServer, FakeServerOptions } from '../servers/fake-server';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-suite-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic "model": picks an option from the prompt by the statement's length. */
function answer(prompt: FakePrompt): string {
  const statement = /^Statement: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '';
  const options = (/^Options: (.*)$/m.exec(prompt.lastUser)?.[1] ?? '').split(', ');
  return options[statement.length % options.length] ?? '';
}

const FILES = [
  'attitude-plain-zero-shot.jsonl',
  'attitude-reasoning-one-shot.jsonl',
  'selection-plain-zero-shot.jsonl',
  'selection-reasoning-one-shot.jsonl'
];
/** Items of the shipped social category: 40 attitude questions, 8 selection stories. */
const ITEMS: Record<string, number> = { attitude: 40, selection: 8 };
const ALL = 2 * ITEMS.attitude! + 2 * ITEMS.selection!;

function storedKeys(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"result"'))
    .map((l) => (JSON.parse(l) as { result: { itemKey: string } }).result.itemKey);
}

const suiteArgs = (url: string, out: string, extra: string[] = []): string[] => [
  'suite',
  '--provider',
  'openai',
  '--base-url',
  url,
  '--model',
  'fake-model',
  '--api-key',
  'k',
  '--tasks',
  'attitude,selection',
  '--settings',
  'plain-0,reasoning-1',
  '--category',
  'social',
  '--concurrency',
  '1',
  '--out',
  out,
  ...extra
];

/** The prompt of each request: what identifies the item (and setting) it asked. */
const asked = (server: FakeServer, from = 0): string[] =>
  server.requests.slice(from).map((r) => JSON.stringify((r.body as { messages: unknown }).messages));

async function server(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startOpenAIServer({ answer, ...options });
}

describe('cqbench suite', () => {
  it('2 tasks × 2 settings on one category make 4 run files, each asked once per item, and a table', async () => {
    const s = await server();
    const out = join(dir, 'whole');
    const r = await cli(suiteArgs(s.url, out));
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(FILES);
    for (const file of FILES) {
      const keys = storedKeys(join(out, file));
      expect(keys).toHaveLength(ITEMS[file.split('-')[0]!]!);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(s.requests).toHaveLength(ALL);
    // One line per run as it starts, and the table: each file, all answered, its main score.
    for (const [i, file] of FILES.entries())
      expect(r.err).toContain(`suite: run ${i + 1} of 4, ${join(out, file)}`);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(/^run file\s+answered\s+failed\s+score$/);
    expect(rows.slice(1).map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      [FILES[0], '40/40', '0'],
      [FILES[1], '40/40', '0'],
      [FILES[2], '8/8', '0'],
      [FILES[3], '8/8', '0']
    ]);
    expect(rows[1]).toMatch(/accuracy 0\.\d{4}$/);
    expect(rows[3]).toMatch(/F1 0\.\d{4}$/);
    // The suite's runs are ordinary run files: `score` gives the number the table shows.
    const scored = await cli(['score', '--run', join(out, FILES[0]!), '--json']);
    expect(rows[1]).toContain(
      `accuracy ${(JSON.parse(scored.out) as { accuracy: number }).accuracy.toFixed(4)}`
    );

    // Again without --resume: refused in one line, nothing asked, nothing changed.
    const again = await cli(suiteArgs(s.url, out));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^error: suite: .* already holds run files .*add --resume/);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    // With --resume: every run is finished, so each is skipped and nothing is asked.
    const resumed = await cli(suiteArgs(s.url, out, ['--resume']));
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err.match(/finished before, skipped/g)).toHaveLength(4);
    expect(s.requests).toHaveLength(ALL);
    await s.close();
  }, 60_000);

  it('a suite stopped in its second run, resumed, asks no answered item again', async () => {
    // The server refuses the key from its 51st request on: the first run ends, the second stops.
    let refusing = true;
    const s = await server({
      faults: (n) => (refusing && n > 50 ? { kind: 'status', status: 401 } : undefined)
    });
    const out = join(dir, 'stopped');
    const first = await cli(suiteArgs(s.url, out));
    expect(first.code).toBe(1);
    expect(first.err).toContain(
      `suite: stopped at ${join(out, FILES[1]!)}; continue with the same command and --resume`
    );
    expect(storedKeys(join(out, FILES[0]!))).toHaveLength(40);
    expect(storedKeys(join(out, FILES[1]!))).toHaveLength(10);
    expect(existsSync(join(out, FILES[2]!))).toBe(false);
    const answered = new Set(asked(s).slice(0, 50));

    refusing = false;
    const before = s.requests.length;
    const resumed = await cli(suiteArgs(s.url, out, ['--resume']));
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toContain('finished before, skipped');
    expect(resumed.err).toContain(`resuming ${join(out, FILES[1]!)}: 10 responses already stored`);
    // Only the 46 items without a response were asked, none of them answered before.
    const again = asked(s, before);
    expect(again).toHaveLength(ALL - 50);
    expect(again.filter((prompt) => answered.has(prompt))).toEqual([]);
    for (const file of FILES) {
      const keys = storedKeys(join(out, file));
      expect(new Set(keys).size).toBe(ITEMS[file.split('-')[0]!]);
      expect(keys).toHaveLength(ITEMS[file.split('-')[0]!]!);
    }
    await s.close();
  }, 60_000);

  it('Ctrl-C ends the suite with 130, keeping what arrived; --resume continues it', async () => {
    const s = await server({ latencyMs: 80 });
    const out = join(dir, 'interrupted');
    const path = join(out, FILES[0]!);
    const running = cli(suiteArgs(s.url, out));
    // Interrupt as a terminal would, once some responses are on disk.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(path) && storedKeys(path).length >= 5) {
          clearInterval(timer);
          process.emit('SIGINT');
          resolve();
        }
      }, 10);
    });
    const stopped = await running;
    expect(stopped.code).toBe(130);
    expect(stopped.err).toContain('cancelled; continue with the same command and --resume');
    expect(stopped.out).toBe('');
    const kept = storedKeys(path).length;
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(40);
    const answered = new Set(asked(s).slice(0, kept));

    const before = s.requests.length;
    const resumed = await cli(suiteArgs(s.url, out, ['--resume']));
    expect(resumed.code, resumed.err).toBe(0);
    const again = asked(s, before);
    // What was stored is never asked again; only the requests in flight at the interrupt are
    // asked a second time (the suite runs one request at a time).
    expect(again.filter((prompt) => answered.has(prompt))).toEqual([]);
    expect(again.length).toBeGreaterThanOrEqual(ALL - kept);
    expect(again.length).toBeLessThanOrEqual(ALL - kept + 1);
    await s.close();
  }, 60_000);

  it('a run file left half-done by an interrupted suite is continued, not asked from the start', async () => {
    const s = await server();
    const out = join(dir, 'half');
    // The first run alone, as `run` makes it, then cut to its header and 15 responses.
    const made = await cli(
      suiteArgs(s.url, out).map((a) =>
        a === 'attitude,selection' ? 'attitude' : a === 'plain-0,reasoning-1' ? 'plain-0' : a
      )
    );
    expect(made.code, made.err).toBe(0);
    const path = join(out, FILES[0]!);
    writeFileSync(path, `${readFileSync(path, 'utf8').split('\n').slice(0, 16).join('\n')}\n`);
    const before = s.requests.length;
    const resumed = await cli(suiteArgs(s.url, out, ['--resume']));
    expect(resumed.code, resumed.err).toBe(0);
    expect(s.requests.length - before).toBe(ALL - 15);
    expect(new Set(storedKeys(path)).size).toBe(40);
    await s.close();
  }, 60_000);

  it('a suite with failed items exits 1 and says so, resumed or not', async () => {
    // Every try of the first item fails: it is stored as failed and has no answer.
    const s = await server({
      faults: { 1: { kind: 'status', status: 500 }, 2: { kind: 'status', status: 500 } }
    });
    const out = join(dir, 'holes');
    const args = suiteArgs(s.url, out, ['--max-attempts', '2', '--retry-base-ms', '10']);
    const first = await cli(args);
    expect(first.code).toBe(1);
    expect(first.out.split('\n')[1]).toMatch(/^attitude-plain-zero-shot\.jsonl\s+39\/40\s+1\s+accuracy/);
    expect(first.err).toContain('error: 1 item of the suite failed, with no answer (see the table)');
    // All four runs were made: one failed item does not stop the suite.
    expect(s.requests).toHaveLength(ALL + 1);
    const resumed = await cli([...args, '--resume']);
    expect(resumed.code).toBe(1);
    expect(resumed.err).toContain('error: 1 item of the suite failed');
    expect(s.requests).toHaveLength(ALL + 1);
    await s.close();
  }, 60_000);

  it('a resumed suite with another model is refused before anything is asked', async () => {
    const s = await server({ models: ['fake-model', 'other-model'] });
    const out = join(dir, 'other');
    const made = await cli(suiteArgs(s.url, out));
    expect(made.code, made.err).toBe(0);
    const before = s.requests.length;
    const r = await cli(
      suiteArgs(s.url, out, ['--resume']).map((a) => (a === 'fake-model' ? 'other-model' : a))
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: suite: .*attitude-plain-zero-shot\.jsonl was started with other settings \(model\)/
    );
    expect(s.requests.length).toBe(before);
    await s.close();
  }, 60_000);
});

describe('cqbench suite with value extraction', () => {
  it('runs extraction in each zero-shot setting, judges it, and shows the judge score in the table', async () => {
    const stories = shippedDataset(['social']).categories.social!.original!.map((o) => ({
      story: o.story,
      gold: o.values
    }));
    const model = await startOpenAIServer({ answer: extractionModel(stories) });
    const judge = await startOpenAIServer({ answer: fakeJudge('honest') });
    const out = join(dir, 'extraction');
    const args = [
      'suite',
      '--provider',
      'openai',
      '--base-url',
      model.url,
      '--model',
      'fake-model',
      '--api-key',
      'k',
      '--tasks',
      'extraction',
      '--settings',
      'plain-0,reasoning-0',
      '--category',
      'social',
      '--out',
      out,
      '--judge-provider',
      'openai',
      '--judge-base-url',
      judge.url,
      '--judge-model',
      'fake-model',
      '--judge-api-key',
      'j'
    ];
    const r = await cli(args);
    expect(r.code, r.err).toBe(0);
    // Two calls per story and setting to the model, one per story and setting to the judge.
    expect(model.requests).toHaveLength(2 * 2 * stories.length);
    expect(judge.requests).toHaveLength(2 * stories.length);
    const scored = await cli(['score', '--run', join(out, 'extraction-plain-zero-shot.jsonl'), '--json']);
    const { score } = JSON.parse(scored.out) as { score: number };
    expect(r.out.split('\n').slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^extraction-plain-zero-shot\\.jsonl\\s+8/8\\s+0\\s+judge score ${score.toFixed(4)}$`)
      ),
      expect.stringMatching(/^extraction-reasoning-zero-shot\.jsonl\s+8\/8\s+0\s+judge score 0\.\d{4}$/)
    ]);

    // Resumed, a judged extraction run asks neither the model nor the judge again.
    const resumed = await cli([...args, '--resume']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(model.requests).toHaveLength(2 * 2 * stories.length);
    expect(judge.requests).toHaveLength(2 * stories.length);
    await model.close();
    await judge.close();
  }, 60_000);
});

describe('cqbench suite refuses before any call', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'extraction in a one-shot setting',
      [
        '--tasks',
        'attitude,extraction',
        '--settings',
        'plain-0,reasoning-1',
        '--judge-provider',
        'openai',
        '--judge-model',
        'j'
      ],
      /^error: suite: value extraction is zero-shot only; --settings reasoning-1 cannot run with --tasks extraction/
    ],
    [
      'extraction without a judge',
      ['--tasks', 'extraction', '--settings', 'plain-0'],
      /^error: suite: --tasks extraction needs its judge: add --judge-provider PRESET --judge-model NAME/
    ],
    [
      'judge flags without extraction',
      ['--tasks', 'attitude', '--settings', 'plain-0', '--judge-provider', 'openai'],
      /^error: suite: --judge-provider applies to --tasks extraction only/
    ],
    [
      'an unknown setting',
      ['--tasks', 'attitude', '--settings', 'plain-2'],
      /^error: suite: --settings takes a comma-separated list of plain-0, plain-1, reasoning-0, reasoning-1; got "plain-2"/
    ],
    [
      'a task named twice',
      ['--tasks', 'attitude,attitude', '--settings', 'plain-0'],
      /^error: suite: --tasks names attitude twice/
    ],
    [
      'an unknown category',
      ['--tasks', 'attitude', '--settings', 'plain-0', '--category', 'nowhere'],
      /^error: suite: --category must name shipped categories/
    ]
  ];

  it.each(cases)('%s: exit 2, one line, no folder made', async (_name, flags, message) => {
    const s = await server();
    const out = join(dir, `refused-${String(Math.random()).slice(2)}`);
    const base = [
      'suite',
      '--provider',
      'openai',
      '--base-url',
      s.url,
      '--model',
      'fake-model',
      '--api-key',
      'k'
    ];
    const r = await cli([...base, ...flags, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(s.requests).toHaveLength(0);
    await s.close();
  });

  it('a folder of release files needs one category, and the files each task needs', async () => {
    const folder = join(dir, 'release');
    mkdirSync(folder);
    const exported = await cli(['export', '--format', 'release', '--out', folder]);
    expect(exported.code, exported.err).toBe(0);
    const r = await cli([
      'suite',
      '--provider',
      'random',
      '--tasks',
      'attitude',
      '--settings',
      'plain-0',
      '--dataset',
      folder,
      '--out',
      join(dir, 'x')
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: suite: with --dataset .*, choose one --category \(the folder has: /);
    const ok = await cli([
      'suite',
      '--provider',
      'random',
      '--tasks',
      'attitude,selection',
      '--settings',
      'plain-0',
      '--dataset',
      folder,
      '--category',
      'social',
      '--out',
      join(dir, 'from-folder')
    ]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/attitude-plain-zero-shot\.jsonl\s+40\/40/);
  });
});
