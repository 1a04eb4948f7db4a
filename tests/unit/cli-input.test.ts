/**
 * The CLI as a newcomer meets it (help everywhere, one-line errors, hints that name the right
 * file) and against hostile or damaged input (run files with a BOM, bad bytes, repeated or
 * unknown items, terminal escapes; import names that are not a folder).
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-input-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const setting1 = join(dir, 'dataset_setting1_social.json');
const results = join(dir, 'results_2_social.json');
/** A finished baseline run on the shipped social stories: a real run file to damage. */
const runFile = join(dir, 'run.jsonl');
let lines: string[];

beforeAll(async () => {
  writeFileSync(
    setting1,
    JSON.stringify([
      { story: 's', questions: [{ value: 'A', options: [' agree', ' disagree'], 'gold label': 'agree' }] }
    ])
  );
  writeFileSync(results, JSON.stringify(['A--agree']));
  const made = await cli([
    'run',
    '--provider',
    'random',
    '--task',
    'attitude',
    '--dataset',
    'social',
    '--out',
    runFile
  ]);
  expect(made.code, made.err).toBe(0);
  lines = readFileSync(runFile, 'utf8').trimEnd().split('\n');
});

/** A copy of the run file with its lines changed. */
function variant(name: string, edit: (lines: string[]) => string[] | Buffer): string {
  const path = join(dir, name);
  const edited = edit([...lines]);
  writeFileSync(path, Buffer.isBuffer(edited) ? edited : `${edited.join('\n')}\n`);
  return path;
}

describe('help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage of every command on stdout', async (flag) => {
    const r = await cli([flag]);
    expect(r.code).toBe(0);
    for (const command of ['score', 'run', 'suite', 'judge', 'import', 'export'])
      expect(r.out).toContain(`  ${command} --`);
    expect(r.err).toBe('');
  });

  it.each([['score'], ['run'], ['suite'], ['import'], ['export'], ['judge']])(
    '%s --help prints that command’s usage, whatever else is given',
    async (command) => {
      const r = await cli([command, '--task', 'x', '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage:\\n  ${command} --`));
      expect(r.err).toBe('');
    }
  );

  it('the import usage and its unknown-flag message name --file', async () => {
    expect((await cli(['import', '-h'])).out).toContain('--file FILE');
    expect((await cli(['import', '--files', 'x'])).err).toMatch(/known: .*--file\b/);
  });
});

describe('one line and exit 2 for bad input', () => {
  it('score --run of a missing file', async () => {
    const r = await cli(['score', '--run', join(dir, 'nothere.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: cannot read run file ${join(dir, 'nothere.jsonl')}: no such file\n`);
  });

  it('run against a provider that needs a key, without one', async () => {
    const out = join(dir, 'keyless.jsonl');
    const r = await cli([
      'run',
      '--provider',
      'openai',
      '--model',
      'm',
      '--task',
      'attitude',
      '--dataset',
      'social',
      '--out',
      out
    ]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      'error: run: OpenAI needs an API key: enter one (or set OPENAI_API_KEY)'
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('score --task selection given a setting-1 file says which file to use', async () => {
    const r = await cli(['score', '--task', 'selection', '--dataset', setting1, '--predictions', results]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--task selection needs the dataset_setting2_*.json file');
  });
});

describe('import --name', () => {
  it.each([['.'], ['..'], ['.hidden'], ['a/b'], ['../up'], ['a\\b'], [' ']])(
    'refuses "%s" and leaves nothing behind',
    async (name) => {
      const store = join(dir, `store-${name.length}`);
      mkdirSync(store, { recursive: true });
      const r = await cli(['import', '--name', name, '--file', setting1, '--store', store]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: import: --name ".*" must start with a letter or digit/);
      expect(readdirSync(store)).toEqual([]);
    }
  );

  it('refuses an empty name in one line', async () => {
    const r = await cli(['import', '--name=', '--file', setting1, '--store', join(dir, 'store-empty')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: import: --name needs a value\n');
    expect(existsSync(join(dir, 'store-empty'))).toBe(false);
  });

  it('a store that cannot be written fails in one line and leaves no .partial folder', async () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    const r = await cli([
      'import',
      '--name',
      'mine',
      '--file',
      setting1,
      '--store',
      join(dir, 'not-a-folder', 'x')
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: import: cannot write .*nothing was imported\n$/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });
});

describe('dataset and release files as they come', () => {
  const questions = JSON.stringify([
    { story: 's', questions: [{ value: 'A', options: [' agree', ' disagree'], 'gold label': 'agree' }] }
  ]);

  it('a dataset with a byte-order mark is scored as without one', async () => {
    const path = join(dir, 'bom', 'dataset_setting1_social.json');
    mkdirSync(join(dir, 'bom'), { recursive: true });
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(questions)]));
    const r = await cli([
      'score',
      '--task',
      'attitude',
      '--dataset',
      path,
      '--predictions',
      results,
      '--json'
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ n: 1, accuracy: 1 });
  });

  it('a dataset or release file that is not UTF-8 is refused with the line and byte, and nothing is imported', async () => {
    const path = join(dir, 'latin1', 'dataset_setting1_social.json');
    mkdirSync(join(dir, 'latin1'), { recursive: true });
    // Pretty-printed as people save them: the bad byte is on line 3.
    const text = Buffer.from(JSON.stringify(JSON.parse(questions), null, 1));
    const at = text.indexOf('"s"') + 1;
    writeFileSync(path, Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]));
    const line = text.subarray(0, at).toString().split('\n').length;
    const message = `error: ${path}: line ${line}, byte ${at}: not valid UTF-8 text (save it as UTF-8 and try again)\n`;
    const scored = await cli(['score', '--task', 'attitude', '--dataset', path, '--predictions', results]);
    expect(scored.code).toBe(2);
    expect(scored.err).toBe(message);
    const store = join(dir, 'latin1-store');
    mkdirSync(store);
    const imported = await cli(['import', '--name', 'mine', '--file', path, '--store', store]);
    expect(imported.code).toBe(2);
    expect(imported.err).toBe(message);
    expect(readdirSync(store)).toEqual([]);
  });
});

describe('run files as they come', () => {
  it('a byte-order mark is accepted', async () => {
    const path = variant('bom.jsonl', (l) =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${l.join('\n')}\n`)])
    );
    const r = await cli(['score', '--run', path, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ n: 40 });
  });

  it('bytes that are not UTF-8 are refused, naming the file, the line and the byte', async () => {
    let at = 0;
    const path = variant('latin1.jsonl', (l) => {
      const text = Buffer.from(`${l.join('\n')}\n`);
      at = text.indexOf('"output":"') + '"output":"'.length;
      // Line 2 (the first response) gets a lone 0xE9: "é" in Latin-1.
      return Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]);
    });
    const r = await cli(['score', '--run', path]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `error: ${path}: line 2, byte ${at}: not valid UTF-8 text (save it as UTF-8 and try again)\n`
    );
  });

  it('an incomplete character after valid ones is placed at its first byte', async () => {
    let at = 0;
    const path = variant('cut-char.jsonl', (l) => {
      const text = Buffer.from(`${l.join('\n')}\n`);
      at = text.indexOf('"output":"') + '"output":"'.length;
      // "é" (C3 A9), then a euro sign without its last byte (E2 82) before a quote.
      return Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0xa9, 0xe2, 0x82]), text.subarray(at)]);
    });
    const r = await cli(['score', '--run', path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`: line 2, byte ${at + 2}: not valid UTF-8 text`);
  });

  it('an item answered twice is refused with its key', async () => {
    const path = variant('twice.jsonl', (l) => [...l, l[1]!]);
    const key = (JSON.parse(lines[1]!) as { result: { itemKey: string } }).result.itemKey;
    const r = await cli(['score', '--run', path]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${path}: line 42: a second result for item ${key} (first on line 2)\n`);
  });

  it('responses for items the dataset lacks are named, not dropped silently', async () => {
    const path = variant('unknown.jsonl', (l) => [
      ...l,
      ...['social/99/0', 'elsewhere/1/2'].map((itemKey) => {
        const line = JSON.parse(l[1]!) as { result: { itemKey: string } };
        line.result.itemKey = itemKey;
        return JSON.stringify(line);
      })
    ]);
    const r = await cli(['score', '--run', path, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `warning: 2 responses in ${path} name items the run's dataset does not have, not scored: social/99/0, elsewhere/1/2`
    );
    expect(JSON.parse(r.out)).toMatchObject({ n: 40 });
  });

  it('bidirectional controls in a run file are printed as visible escapes, so a name reads as it is', async () => {
    const path = variant('bidi.jsonl', (l) => {
      const header = JSON.parse(l[0]!) as { config: { model: { model: string } } };
      header.config.model.model = 'gpt\u202eini-4o\u2066x\u2069';
      return [JSON.stringify(header), ...l.slice(1)];
    });
    const r = await cli(['score', '--run', path, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(r.out).toContain('gpt\\u202eini-4o\\u2066x\\u2069');
    expect((JSON.parse(r.out) as { run: { model: { model: string } } }).run.model.model).toBe(
      'gpt\u202eini-4o\u2066x\u2069'
    );
  });

  it('terminal escape sequences in a run file are printed as visible escapes, never raw', async () => {
    const path = variant('escapes.jsonl', (l) => {
      const header = JSON.parse(l[0]!) as { config: { model: { model: string } } };
      header.config.model.model = 'evil\u001b]0;pwned\u0007\u009b31m';
      return [JSON.stringify(header), ...l.slice(1)];
    });
    const text = await cli(['score', '--run', path]);
    const json = await cli(['score', '--run', path, '--json']);
    for (const r of [text, json]) {
      expect(r.code).toBe(0);
      // eslint-disable-next-line no-control-regex -- looking for raw control characters
      expect(r.out + r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    // JSON output stays the same data: the escape is a JSON escape of the same character.
    expect((JSON.parse(json.out) as { run: { model: { model: string } } }).run.model.model).toBe(
      'evil\u001b]0;pwned\u0007\u009b31m'
    );
  });
});
