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
import { startOpenAIServer } from '../servers/openai-server';
import { fakeChecker, type CheckerMode } from '../servers/fake-checker';
import type { FakePrompt } from '../servers/fake-model';
import { story } from '../../src/lib/core/construction/testing';
import { readReleaseBundle } from '../../src/lib/core/formats/bundle';
import { datasetHash } from '../../src/lib/core/dataset/hash';
import { flattenQuestions, selectionItems } from '../../src/lib/core/formats/release';
import { summarizeAttitude } from '../../src/lib/core/scoring/attitude-summary';
import { summarizeSelection } from '../../src/lib/core/scoring/selection-summary';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-generate-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * One local server plays both models: the writer (a story in the layout, or a replacement
 * for each speech it is asked to replace) and a checker in the given mode.
 */
function writerAndChecker(mode: CheckerMode): (prompt: FakePrompt) => string {
  const checker = fakeChecker(mode);
  return (prompt) => {
    if (prompt.lastUser.includes('[Verdicts]')) return checker(prompt);
    const speeches = [...prompt.lastUser.matchAll(/^- Value \d+ \([^)]*\): (?:[^:"]+: )?"(.*)"$/gm)].map(
      (m) => m[1]!
    );
    if (speeches.length > 0)
      return speeches
        .map((s) => `Original speech: ${s}\nReplacement: Ana had the float ready by nine.`)
        .join('\n\n');
    return `Here is the scene.\n\n${story()}\n`;
  };
}

/** A story in the layout whose cast is the named holders of the prompt's values, each speaking. */
function castStory(names: readonly string[]): string {
  return [
    '**Title: The Long Table**',
    '',
    '**Setting:** A staff canteen at noon, trays stacked by the window.',
    '',
    '**Characters:**',
    ...names.map((n, i) => `- **${n}**, colleague number ${i + 1}`),
    '',
    '---',
    '',
    ...names.map(
      (n, i) =>
        `**${n}:** "I brought soup for the table again, number ${i + 1} of many, and the bread is from my aunt's oven."`
    ),
    'The kettle clicked off and someone passed the salt down the long table without a word.'
  ].join('\n');
}

/** The writer of the multiple-character variant: the names come from the prompt's values. */
function castWriterAndChecker(mode: CheckerMode): (prompt: FakePrompt) => string {
  const checker = fakeChecker(mode);
  return (prompt) => {
    if (prompt.lastUser.includes('[Verdicts]')) return checker(prompt);
    const names = [...new Set([...prompt.lastUser.matchAll(/^Value \d+: ([^:\n]+):/gm)].map((m) => m[1]!))];
    return castStory(names);
  };
}

/** The command's flags; `set` replaces or adds flags, `switches` are added at the end. */
const args = (
  url: string,
  out: string,
  set: Record<string, string> = {},
  switches: string[] = []
): string[] =>
  Object.entries({
    category: 'social',
    count: '2',
    seed: 'test-seed',
    provider: 'openai',
    'base-url': url,
    model: 'fake-model',
    'api-key': 'test-key',
    'min-words': '40',
    'retry-base-ms': '1',
    'retry-max-ms': '5',
    out,
    ...set
  })
    .reduce<string[]>((flags, [k, v]) => [...flags, `--${k}`, v], ['generate'])
    .concat(switches);

describe('cqbench generate', () => {
  it('builds stories that pass every check: one story and one call per check each, every reply in the file', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const out = join(dir, 'honest.jsonl');
    try {
      const run = await cli(args(server.url, out));
      expect(run.code, run.err).toBe(0);
      expect(run.out.trim().split('\n')).toEqual([
        'social/0: passed (1 version)',
        'social/1: passed (1 version)'
      ]);
      expect(server.requests).toHaveLength(8);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({
        type: 'construction',
        config: { category: 'social', count: 2 }
      });
      expect(lines).toHaveLength(9);
      expect(readFileSync(out, 'utf8')).not.toContain('test-key');
      // No prices given: each model's tokens in the summary, and no cost.
      expect(run.err).toMatch(/writer 2 calls, \d+\+\d+ tokens; checker 6 calls, \d+\+\d+ tokens$/m);
      expect(run.err).not.toContain('cost');
    } finally {
      await server.close();
    }
  });

  it('a contradiction quoting a speech not in the story is left unapplied; after the rounds the story is kept with its failing checks named', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('invents-a-quote') });
    try {
      const run = await cli(args(server.url, join(dir, 'invents.jsonl'), { count: '1', rounds: '1' }));
      expect(run.code, run.err).toBe(0);
      expect(run.out.trim()).toBe(
        'social/0: failed (3 versions): consistency: value 1 fails; implicitness: value 2 fails'
      );
      expect(run.err).toContain('0 of 1 stories passed every check, 1 kept with failing checks named');
    } finally {
      await server.close();
    }
  });

  it('resumes an interrupted construction from its file, asking only what is missing, and refuses to overwrite', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const out = join(dir, 'resumed.jsonl');
    try {
      expect((await cli(args(server.url, out))).code).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n');
      // As if killed after three replies, one line cut short.
      writeFileSync(out, `${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 20)}`);
      const refused = await cli(args(server.url, out));
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('already exists; add --resume');
      const before = server.requests.length;
      const resumed = await cli(args(server.url, out, {}, ['--resume']));
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.err).toContain('3 replies already stored');
      expect(server.requests.length - before).toBe(5);
      expect(resumed.out.trim().split('\n')).toEqual([
        'social/0: passed (1 version)',
        'social/1: passed (1 version)'
      ]);
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(9);
      const other = await cli(args(server.url, out, { rounds: '3' }, ['--resume']));
      expect(other.err).toContain('was started with other settings (rounds)');
    } finally {
      await server.close();
    }
  });

  it('refuses what it cannot build, saying why', async () => {
    const characters = await cli(args('http://127.0.0.1:9/v1', join(dir, 'm.jsonl'), { characters: '3' }));
    expect(characters.code).toBe(2);
    expect(characters.err).toContain('--characters is for --category multiple only');
    const many = await cli(
      args('http://127.0.0.1:9/v1', join(dir, 'm.jsonl'), { category: 'multiple', characters: '6' })
    );
    expect(many.err).toContain('--characters must be a whole number from 2 to 5');
    const baseline = await cli(args('http://127.0.0.1:9/v1', join(dir, 'b.jsonl'), { provider: 'majority' }));
    expect(baseline.err).toContain('a baseline cannot write or check stories');
  });

  it('--templates replaces the prompts: the writer is sent them, the file keeps them, a resume must give the same, and the card says so', async () => {
    const printed = await cli(['generate', '--default-templates']);
    expect(printed.code, printed.err).toBe(0);
    const defaults = JSON.parse(printed.out) as { writing: Record<string, string> };
    expect(defaults.writing.generate).toContain('{{values}}');
    const generate =
      'A reading-test scene set in {{scene}}.\nThe values {{holder}}:\n{{values}}{{cast}}\nAt least {{minWords}} words.';
    const file = join(dir, 'templates.json');
    writeFileSync(file, JSON.stringify({ writing: { generate } }));
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const out = join(dir, 'templated.jsonl');
    try {
      const run = await cli(args(server.url, out, { count: '1', templates: file }));
      expect(run.code, run.err).toBe(0);
      const first = server.requests[0]!.body as { messages: { content: string }[] };
      expect(first.messages.at(-1)!.content).toMatch(
        /^A reading-test scene set in [a-z ]+\.\nThe values the characters hold:\nValue 1: /
      );
      // The checks kept the defaults: the checker is sent its usual prompt.
      const check = server.requests[1]!.body as { messages: { content: string }[] };
      expect(check.messages.at(-1)!.content).toContain('[Verdicts]:');
      const header = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as {
        config: { templates: { writing: Record<string, string> } };
      };
      expect(header.config.templates.writing.generate).toBe(generate);
      const refused = await cli(args(server.url, out, { count: '1' }, ['--resume']));
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('was started with other settings (templates)');
      const finished = await cli(['generate', '--finish', out, '--out', join(dir, 'templated-release')]);
      expect(finished.code, finished.err).toBe(0);
      expect(readFileSync(join(dir, 'templated-release', 'README.md'), 'utf8')).toContain(
        'replaced by the user; the construction file holds them'
      );
      // An edited file no longer matches the hash it recorded: --finish refuses to rebuild it.
      writeFileSync(out, readFileSync(out, 'utf8').replace('A reading-test scene', 'A reading test scene'));
      const edited = await cli(['generate', '--finish', out, '--out', join(dir, 'edited-release')]);
      expect(edited.code).toBe(2);
      expect(edited.err).toContain('its prompts do not match the hash it recorded');
    } finally {
      await server.close();
    }
  });

  it('a templates file that is not JSON, has an unknown key or drops a placeholder is refused before any call, naming the template', async () => {
    const cases: [string, string][] = [
      ['{"writing": ', 'not valid JSON'],
      ['{"writing": {"generat": "x"}}', 'field "writing"'],
      [
        '{"writing": {"generate": "In {{scene}}: {{cast}}"}}',
        'field "writing.generate": the template must contain {{values}}'
      ],
      [
        '{"checks": {"consistency": {"body": "{{story}} {{values}} [Verdicts]:"}}}',
        'field "checks.consistency.body": the template must contain [Contradictions]:'
      ]
    ];
    for (const [text, expected] of cases) {
      const file = join(dir, 'bad-templates.json');
      writeFileSync(file, text);
      const out = join(dir, 'never.jsonl');
      const run = await cli(args('http://127.0.0.1:9/v1', out, { templates: file }));
      expect(run.code).toBe(2);
      expect(run.err).toContain(`bad-templates.json: `);
      expect(run.err).toContain(expected);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('--finish writes the release files and the dataset card, which import and score 1.0 on their gold answers', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const gen = join(dir, 'finish.jsonl');
    const out = join(dir, 'finished');
    try {
      expect((await cli(args(server.url, gen, { count: '3' }))).code).toBe(0);
    } finally {
      await server.close();
    }
    const asked = server.requests.length;
    const finished = await cli(['generate', '--finish', gen, '--out', out]);
    expect(finished.code, finished.err).toBe(0);
    expect(server.requests).toHaveLength(asked);
    expect(finished.err).toContain(
      'wrote 3 stories (3 passed every check, 0 with failing checks named on the card)'
    );
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'dataset_setting1_social.json',
      'dataset_setting2_social.json',
      'dataset_social_original.json'
    ]);
    const original = JSON.parse(readFileSync(join(out, 'dataset_social_original.json'), 'utf8')) as {
      story: string;
      values: string[];
    }[];
    expect(original.map((o) => o.story)).toEqual([story(), story(), story()]);
    expect(original.every((o) => o.values.length === 5)).toBe(true);
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toContain('generated by the model fake-model (openai at');
    expect(card).toContain('| draw seed | test-seed |');
    expect(card).toContain('3 stories planned: 3 passed every check');
    // The folder imports as a dataset, and its gold answers score 1.0.
    const store = join(dir, 'store');
    const imported = await cli(['import', '--name', 'built', '--from', out, '--store', store]);
    expect(imported.code, imported.err).toBe(0);
    const bundle = readReleaseBundle(
      readdirSync(join(store, 'built')).map((name) => ({
        name,
        text: readFileSync(join(store, 'built', name), 'utf8')
      }))
    );
    const files = bundle.categories.social!;
    // The card's content hash is the one a run on the imported files records.
    expect(card).toContain(`| dataset content (SHA-256) | ${await datasetHash(bundle.categories)} |`);
    const questions = flattenQuestions(files.setting1!);
    expect(questions).toHaveLength(15);
    expect(
      summarizeAttitude(
        questions.map((q) => q.gold),
        questions,
        { reasoning: false, strict: true }
      ).accuracy
    ).toBe(1);
    const selection = summarizeSelection(
      files.setting2!.map((i) => i.values.join('\n')),
      selectionItems(files.setting2!),
      { reasoning: false }
    );
    expect(selection.f1).toBe(1);
  });

  it('--finish refuses a folder with files in it, an unfinished file (saying how many and to resume), and other flags', async () => {
    const server = await startOpenAIServer({ answer: writerAndChecker('honest') });
    const gen = join(dir, 'unfinished.jsonl');
    try {
      expect((await cli(args(server.url, gen))).code).toBe(0);
    } finally {
      await server.close();
    }
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    const refused = await cli(['generate', '--finish', gen, '--out', full]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${full} already exists and is not an empty folder`);
    expect(readdirSync(full)).toEqual(['notes.txt']);
    // An empty folder is filled.
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await cli(['generate', '--finish', gen, '--out', empty])).code).toBe(0);
    expect(readdirSync(empty)).toHaveLength(4);

    const lines = readFileSync(gen, 'utf8').split('\n');
    const cut = join(dir, 'cut.jsonl');
    // The second story's checks never answered: it is unfinished, the first is done.
    writeFileSync(cut, lines.filter((line) => !line.includes('"itemKey":"social/1/r')).join('\n'));
    const unfinished = await cli(['generate', '--finish', cut, '--out', join(dir, 'never')]);
    expect(unfinished.code).toBe(2);
    expect(unfinished.err).toContain(
      'has 1 unfinished story of 2; run the same generate command with --resume'
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
    const extra = await cli(['generate', '--finish', gen, '--out', join(dir, 'never'), '--count', '3']);
    expect(extra.err).toContain('generate --finish takes only --out DIR, not --count');
  });

  it('the multiple variant: named holders in the prompt with the cast rule, checked per character, released in the multiple format', async () => {
    const server = await startOpenAIServer({ answer: castWriterAndChecker('honest') });
    const gen = join(dir, 'multiple.jsonl');
    const out = join(dir, 'multiple');
    try {
      const run = await cli(args(server.url, gen, { category: 'multiple', characters: '3' }));
      expect(run.code, run.err).toBe(0);
      expect(run.out.trim().split('\n')).toEqual([
        'multiple/0: passed (1 version)',
        'multiple/1: passed (1 version)'
      ]);
    } finally {
      await server.close();
    }
    const prompts = server.requests.map(
      (r) => (r.body as { messages: { content: string }[] }).messages.at(-1)!.content
    );
    const generate = prompts.find((p) => p.includes('Write a scene'))!;
    expect(generate).toContain(
      'Each value names the character who holds it: give those characters these names.'
    );
    const holders = [...generate.matchAll(/^Value \d+: ([^:\n]+):/gm)].map((m) => m[1]!);
    expect(holders).toHaveLength(9);
    expect(new Set(holders).size).toBe(3);
    const check = prompts.find((p) => p.includes('[Contradictions]'))!;
    expect(check).toContain('the attitude the named character holds');
    expect(check).toContain(`Value 1: ${holders[0]!}:`);

    expect((await cli(['generate', '--finish', gen, '--out', out])).code).toBe(0);
    const original = JSON.parse(readFileSync(join(out, 'dataset_multiple_original.json'), 'utf8')) as {
      values: string[];
    }[];
    expect(original[0]!.values).toHaveLength(9);
    expect(original[0]!.values[0]).toMatch(new RegExp(`^${holders[0]!}:.+--.+$`));
    const bundle = readReleaseBundle(
      readdirSync(out)
        .filter((n) => n.endsWith('.json'))
        .map((name) => ({ name, text: readFileSync(join(out, name), 'utf8') }))
    );
    const files = bundle.categories.multiple!;
    const questions = flattenQuestions(files.setting1!);
    expect(questions).toHaveLength(18);
    expect(files.setting1![0]!.questions.map((q) => q.name)).toEqual(holders);
    expect(
      summarizeAttitude(
        questions.map((q) => q.gold),
        questions,
        { reasoning: false, strict: true }
      ).accuracy
    ).toBe(1);
    expect(
      summarizeSelection(
        files.setting2!.map((i) => i.values.join('\n')),
        selectionItems(files.setting2!),
        {
          reasoning: false
        }
      ).f1
    ).toBe(1);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('| characters holding values | 3 |');
  });
});
