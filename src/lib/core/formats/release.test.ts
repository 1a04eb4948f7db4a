import { describe, expect, it } from 'vitest';
import { FormatError } from '../format-error';
import { optionListsByStatement, readPool } from './pool';
import {
  flattenQuestions,
  readOriginal,
  readResults,
  readSetting1,
  readSetting2,
  selectionItems,
  writeReleaseJson
} from './release';

/** Runs `fn`, which must throw a FormatError, and returns it. */
function formatErrorOf(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

const question = (value: string, gold: string, name?: string) => ({
  value,
  options: [' agree ', ' disagree'],
  'gold label': gold,
  ...(name === undefined ? {} : { name })
});

const SETTING1 = [
  { story: 'Story A', questions: [question('S1', 'agree'), question('S2', 'disagree')] },
  { story: 'Story B', questions: [] },
  { story: 'Story C', questions: [question('S3', 'agree', 'Maria')] }
];

describe('readSetting1 and flattenQuestions', () => {
  it('reads a valid file', () => {
    const stories = readSetting1('dataset_setting1_social.json', JSON.stringify(SETTING1));
    expect(stories).toHaveLength(3);
    expect(stories[0]?.questions[1]?.['gold label']).toBe('disagree');
  });

  it('flattens questions across stories in order, with where they come from', () => {
    const flat = flattenQuestions(readSetting1('f.json', JSON.stringify(SETTING1)));
    expect(flat.map((q) => [q.story, q.question, q.statement, q.gold])).toEqual([
      [0, 0, 'S1', 'agree'],
      [0, 1, 'S2', 'disagree'],
      [2, 0, 'S3', 'agree']
    ]);
    expect(flat[0]?.options).toEqual([' agree ', ' disagree']);
    // Equal option lists are one array: the scorer finds them by identity.
    expect(flat[2]?.options).toBe(flat[0]?.options);
    expect(flat[0]?.character).toBeUndefined();
    expect(flat[2]?.character).toBe('Maria');
  });

  it('names the file, the item and the field of a wrongly typed gold label', () => {
    const bad = [
      SETTING1[0],
      SETTING1[1],
      { story: 'Story D', questions: [{ ...question('S4', 'agree'), 'gold label': 3 }] }
    ];
    const e = formatErrorOf(() => readSetting1('dataset_setting1_social.json', JSON.stringify(bad)));
    expect(e.message).toContain('dataset_setting1_social.json');
    expect(e.message).toContain('item 2, field "questions[0].gold label"');
    expect(e.file).toBe('dataset_setting1_social.json');
    expect(e.where).toBe('item 2, field "questions[0].gold label"');
  });

  it('names a missing field', () => {
    const bad = [{ story: 'x', questions: [{ value: 'S', options: [] }] }];
    const e = formatErrorOf(() => readSetting1('s1.json', JSON.stringify(bad)));
    expect(e.message).toContain('s1.json: item 0, field "questions[0].gold label"');
  });

  it('names a wrongly typed option deep in a question', () => {
    const bad = [
      { story: 'x', questions: [question('S', 'agree'), { ...question('T', 'agree'), options: ['a', 1] }] }
    ];
    const e = formatErrorOf(() => readSetting1('s1.json', JSON.stringify(bad)));
    expect(e.where).toBe('item 0, field "questions[1].options[1]"');
  });

  it('rejects text that is not JSON, naming the file', () => {
    const e = formatErrorOf(() => readSetting1('broken.json', '[{"story": '));
    expect(e.message).toContain('broken.json');
    expect(e.message).toContain('not valid JSON');
  });

  it('rejects JSON that is not an array', () => {
    const e = formatErrorOf(() => readSetting1('obj.json', '{"story": "x", "questions": []}'));
    expect(e.message).toContain('obj.json');
    expect(e.message).toContain('expected a JSON array');
  });
});

describe('readSetting2 and selectionItems', () => {
  it('reads items and turns them into scorer items', () => {
    const data = [{ story: 'x', options: ['a--b', 'c--d'], values: ['a--b'] }];
    const items = selectionItems(readSetting2('s2.json', JSON.stringify(data)));
    expect(items).toEqual([{ options: ['a--b', 'c--d'], gold: ['a--b'] }]);
  });

  it('names the item and field of a missing values list', () => {
    const data = [
      { story: 'x', options: [], values: [] },
      { story: 'y', options: [] }
    ];
    const e = formatErrorOf(() => readSetting2('dataset_setting2_ethical.json', JSON.stringify(data)));
    expect(e.message).toContain('dataset_setting2_ethical.json: item 1, field "values"');
  });
});

describe('readOriginal', () => {
  it('reads a valid file', () => {
    const data = [{ story: 's', original_values: ['a--b'], values: ['a--b'], contradiction: [] }];
    expect(readOriginal('o.json', JSON.stringify(data))).toEqual(data);
  });

  it('names a missing contradiction list', () => {
    const data = [{ story: 's', original_values: [], values: [] }];
    const e = formatErrorOf(() => readOriginal('dataset_social_original.json', JSON.stringify(data)));
    expect(e.where).toBe('item 0, field "contradiction"');
  });
});

describe('readResults', () => {
  it('reads an array of strings', () => {
    expect(readResults('r.json', '["agree", "", "[Answer] no"]')).toEqual(['agree', '', '[Answer] no']);
  });

  it('rejects a non-string entry, naming its index', () => {
    const e = formatErrorOf(() => readResults('results_1_social.json', '["agree", "x", 3]'));
    expect(e.message).toContain('results_1_social.json: item 2');
  });

  it('rejects a null entry', () => {
    expect(formatErrorOf(() => readResults('r.json', '[null]')).where).toBe('item 0');
  });

  it('rejects an object instead of an array', () => {
    expect(formatErrorOf(() => readResults('r.json', '{"0": "agree"}')).message).toContain(
      'expected a JSON array'
    );
  });

  it('rejects text that is not JSON', () => {
    expect(formatErrorOf(() => readResults('r.json', 'agree')).message).toContain('r.json: not valid JSON');
  });
});

describe('readPool', () => {
  const line = (q: string, option = ' 1. agree 2. disagree') =>
    JSON.stringify({ topic: 'work', q_id: 'Q1', q_content: q, option });

  it('reads JSON lines and skips blank lines', () => {
    const pool = readPool('social_values.jsonl', `${line('A')}\n\n${line('B')}\n`);
    expect(pool.map((e) => e.q_content)).toEqual(['A', 'B']);
  });

  it('accepts a numeric q_id', () => {
    const text = JSON.stringify({ topic: 't', q_id: 7, q_content: 'A', option: '1. yes 2. no' });
    expect(readPool('p.jsonl', text)[0]?.q_id).toBe(7);
  });

  it('reports the line number of a line that is not JSON, counting blank lines', () => {
    const e = formatErrorOf(() => readPool('social_values.jsonl', `${line('A')}\n\n{oops\n`));
    expect(e.message).toContain('social_values.jsonl: line 3');
  });

  it('reports the line number and the field of an invalid entry', () => {
    const bad = JSON.stringify({ topic: 'work', q_content: 'B' });
    const e = formatErrorOf(() => readPool('p.jsonl', `${line('A')}\n${bad}`));
    expect(e.where).toBe('line 2, field "option"');
  });

  it('rejects an empty statement', () => {
    const e = formatErrorOf(() => readPool('p.jsonl', line('')));
    expect(e.where).toBe('line 1, field "q_content"');
  });

  it('rejects a pool without values', () => {
    expect(formatErrorOf(() => readPool('p.jsonl', '\n  \n')).message).toContain('no values in the pool');
  });

  it('maps statements to their raw option lists, later lines winning', () => {
    const pool = readPool('p.jsonl', `${line('A', '1. yes 2. no')}\n${line('A', ' 1. agree 2. disagree')}`);
    expect(optionListsByStatement(pool).get('A')).toEqual([' agree ', ' disagree']);
  });
});

describe('writeReleaseJson', () => {
  it('writes with four-space indentation and a final newline', () => {
    expect(writeReleaseJson(['a'])).toBe('[\n    "a"\n]\n');
  });
});
