import { describe, expect, it } from 'vitest';
import { setting1FileSchema, wellFormedSetting1 } from './release';

const question = { value: 'S1', options: [' agree ', ' disagree'], 'gold label': 'agree' };

describe('wellFormedSetting1 (the fast read of a setting-1 file)', () => {
  it('gives what the schema gives for a well-formed file, unknown fields left out', () => {
    const file = [
      { story: 'A', questions: [question, { ...question, name: 'Maria', extra: 1 }], note: 'x' },
      { story: 'B', questions: [] }
    ];
    const fast = wellFormedSetting1(file);
    expect(fast).toEqual(setting1FileSchema.parse(file));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(setting1FileSchema.parse(file)));
    expect(fast?.[0]?.questions[1]).not.toHaveProperty('extra');
    expect(fast?.[0]).not.toHaveProperty('note');
  });

  it("gives the fields in the schema's order whatever the file's order, as a dataset hash needs", () => {
    const file = JSON.parse(
      '[{"questions":[{"gold label":"agree","name":"Ana","options":[" agree "],"value":"S"},' +
        '{"value":"T","options":[" x "],"gold label":"x"}],"story":"A"}]'
    ) as unknown;
    const fast = JSON.stringify(wellFormedSetting1(file));
    expect(fast).toBe(JSON.stringify(setting1FileSchema.parse(file)));
    expect(fast).toBe(
      '[{"story":"A","questions":[{"value":"S","options":[" agree "],"gold label":"agree","name":"Ana"},' +
        '{"value":"T","options":[" x "],"gold label":"x"}]}]'
    );
  });

  it('leaves every file the schema refuses to the schema', () => {
    const bad: unknown[] = [
      {},
      [null],
      [{ story: 1, questions: [] }],
      [{ story: 'A' }],
      [{ story: 'A', questions: [null] }],
      [{ story: 'A', questions: [{ ...question, value: 3 }] }],
      [{ story: 'A', questions: [{ ...question, options: [' agree ', 2] }] }],
      [{ story: 'A', questions: [{ ...question, options: 'agree' }] }],
      [{ story: 'A', questions: [{ value: 'S1', options: [] }] }],
      [{ story: 'A', questions: [{ ...question, name: null }] }]
    ];
    for (const file of bad) {
      expect(setting1FileSchema.safeParse(file).success).toBe(false);
      expect(wellFormedSetting1(file)).toBeUndefined();
    }
  });
});
