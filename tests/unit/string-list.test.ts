import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stringList } from '../../src/lib/core/schema/string-list';
import { readSetting1, readResults } from '../../src/lib/core/formats/release';

/** The issues a schema raises for a value inside an object, as a reader's message is built from them. */
function issuesOf(schema: z.ZodType, value: unknown): unknown {
  const result = z.object({ options: schema }).safeParse({ options: value });
  return result.error?.issues.map(({ code, path, message }) => ({ code, path, message }));
}

describe('stringList', () => {
  it('refuses what z.array(z.string()) refuses, with the same path and message', () => {
    for (const value of [[1], 'a', ['a', 2, 'b', null], null, {}, [['nested']], undefined]) {
      expect(issuesOf(stringList(), value)).toEqual(issuesOf(z.array(z.string()), value));
      expect(issuesOf(stringList(), value)).toBeDefined();
    }
  });

  it('accepts arrays of strings, empty ones included, as parsed', () => {
    const list = ['Strongly agree', '', 'Disagree'];
    expect(stringList().parse(list)).toEqual(list);
    expect(stringList().parse([])).toEqual([]);
  });

  it('gives release-file readers the same "where" as before: the item and the bad element', () => {
    expect(() => readResults('results_1_x.json', JSON.stringify(['a', 7]))).toThrow(/item 1/);
    const story = { story: 'S', questions: [{ value: 'v', options: ['Agree', 3], 'gold label': 'Agree' }] };
    expect(() => readSetting1('dataset_setting1_x.json', JSON.stringify([story]))).toThrow(
      /item 0, field "questions\[0\]\.options\[1\]": Invalid input: expected string, received number/
    );
  });
});
