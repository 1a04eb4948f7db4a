import { describe, expect, it } from 'vitest';
import { extractPrediction, judgeCheck, parseJudgement } from '../../src/lib/core/extraction';

const scores = (text: string, n: number) =>
  parseJudgement(text, n).verdicts.map((v) => ('verdict' in v ? v.verdict : 'unparseable'));

describe('extractPrediction', () => {
  it('is the text after the last [Final answer] heading, or null', () => {
    expect(extractPrediction('notes\n[Final answer]:\nA--agree\nB--disagree\n')).toBe(
      'A--agree\nB--disagree'
    );
    expect(extractPrediction('I will end with [Final answer]\n**[Final answer]:**\nA--agree')).toBe(
      'A--agree'
    );
    expect(extractPrediction('no heading here')).toBeNull();
    expect(extractPrediction('[Final answer]:   \n')).toBeNull();
    expect(extractPrediction(null)).toBeNull();
  });
});

describe('parseJudgement', () => {
  it('reads plain labelled lines and the justifications before the section', () => {
    const text = `Value 1: present as stated.\nValue 2: only the statement.\n\n[Final answer]:\nValue 1: 1\nValue 2: 0.5\nValue 3: 0`;
    const parsed = parseJudgement(text, 3);
    expect(parsed.verdicts).toEqual([
      { verdict: 1, justification: 'present as stated.' },
      { verdict: 0.5, justification: 'only the statement.' },
      { verdict: 0 }
    ]);
    expect(parsed.extra).toEqual([]);
    expect(parsed.problem).toBeUndefined();
  });

  it('tolerates markdown, other label forms, case, 1.0 and 0.50, blank lines and headings without brackets', () => {
    expect(scores('**[Final answer]:**\n\n**Value 1**: **0.5**\nvalue 2 - 1.0\n\n3. 0.50\n', 3)).toEqual([
      0.5, 1, 0.5
    ]);
    expect(scores('Final answer:\n- Value 1: 0\n- Value 2: 1', 2)).toEqual([0, 1]);
    expect(scores('### [FINAL ANSWER]\n1) 1\n2) 0.0', 2)).toEqual([1, 0]);
    expect(scores('[Final answer]: Value 1: 1\nValue 2: 0', 2)).toEqual([1, 0]);
  });

  it("reads the release's way: the text after the last colon of a labelled line", () => {
    expect(scores('[Final answer]:\nValue 1 (Work is good--agree): 1\nValue 2 (X--no): 0.5', 2)).toEqual([
      1, 0.5
    ]);
  });

  it('a missing or unreadable score is unparseable for that value only, never 0', () => {
    const parsed = parseJudgement('[Final answer]:\nValue 1: 1\nValue 2: high\nValue 4: 0', 4);
    expect(scores('[Final answer]:\nValue 1: 1\nValue 2: high\nValue 4: 0', 4)).toEqual([
      1,
      'unparseable',
      'unparseable',
      0
    ]);
    expect(parsed.verdicts[2]).toEqual({ unparseable: 'no score line for Value 3' });
    expect(scores('[Final answer]:\nValue 1: 0.7', 1)).toEqual(['unparseable']);
  });

  it('a line for a value that does not exist goes to extra and is never shifted onto another value', () => {
    const parsed = parseJudgement('[Final answer]:\nValue 1: 1\nValue 2: 1\nValue 7: 0', 2);
    expect(parsed.verdicts).toEqual([{ verdict: 1 }, { verdict: 1 }]);
    expect(parsed.extra).toEqual(['Value 7: 0']);
    expect(parsed.problem).toContain('do not exist');
    const shifted = parseJudgement('[Final answer]:\nValue 2: 1\nValue 3: 0', 2);
    expect(shifted.verdicts[0]).toEqual({ unparseable: 'no score line for Value 1' });
    expect(shifted.verdicts[1]).toEqual({ verdict: 1 });
    expect(shifted.extra).toEqual(['Value 3: 0']);
  });

  it('a value given two different scores is unparseable; the same score twice is read', () => {
    expect(scores('[Final answer]:\nValue 1: 1\nValue 1: 0\nValue 2: 0.5', 2)).toEqual(['unparseable', 0.5]);
    expect(scores('[Final answer]:\nValue 1: 1\nValue 1: 1.0', 1)).toEqual([1]);
  });

  it('a prose line starting with a number is not a second verdict; an inline justification is kept', () => {
    const parsed = parseJudgement(
      '[Final answer]:\nValue 1: 1 (named with the same attitude)\n2 of them are close\nValue 2: 0',
      2
    );
    expect(parsed.verdicts).toEqual([
      { verdict: 1, justification: 'named with the same attitude' },
      { verdict: 0 }
    ]);
  });

  it('reads unlabelled lines in order only when there are exactly as many as gold values', () => {
    expect(scores('[Final answer]:\n1\n0.5\n0', 3)).toEqual([1, 0.5, 0]);
    expect(scores('[Final answer]:\n1\n0.5', 3)).toEqual(['unparseable', 'unparseable', 'unparseable']);
    expect(scores('[Final answer]:\nWork--agree: 1\nFamily--disagree: 0', 2)).toEqual([1, 0]);
  });

  it("never reads one value's score from a line that also labels another value", () => {
    const cases: [string, number, (number | string)[]][] = [
      ['[Final answer]:\nValue 1: 0.5 / Value 2: 1\nValue 2: 1', 2, [0.5, 1]],
      ['[Final answer]:\nValue 1: 1, Value 2: 0\nValue 2: 0', 2, [1, 0]],
      ['[Final answer]: Value 1: 1, Value 2: 0', 2, [1, 0]],
      ['[Final answer]:\nValue 1: 1; Value 2: 0', 2, [1, 0]],
      ['[Final answer]:\nValue 1: 1, Value 2: 0\nValue 3: 0.5, Value 4: 1', 4, [1, 0, 0.5, 1]],
      ['[Final answer]:\nValue 1 (A--agree): 1 | Value 2 (B--agree): 0', 2, [1, 0]],
      // Each part is read on its own: an unreadable part leaves only its value unread.
      ['[Final answer]:\nValue 1: 1, Value 2: high', 2, [1, 'unparseable']],
      // A split read that disagrees with another line makes that value unparseable.
      ['[Final answer]:\nValue 1: 1, Value 2: 0\nValue 2: 1', 2, [1, 'unparseable']]
    ];
    for (const [text, n, expected] of cases) expect(scores(text, n), text).toEqual(expected);
    expect(judgeCheck(2)('[Final answer]:\nValue 1: 0.5 / Value 2: 1\nValue 2: 1')).toBeUndefined();
  });

  it('a note ending in another number makes the value unreadable rather than read as that number', () => {
    const text = '[Final answer]:\nValue 1: 1 although the attitude is vaguer: 0.5\nValue 2: 0';
    expect(scores(text, 2)).toEqual(['unparseable', 0]);
    expect(judgeCheck(2)(text)).toBe('1 of 2 verdicts cannot be read');
    // A note after a separator is kept, and a number in the gold text before the colon is no score.
    expect(parseJudgement('[Final answer]:\nValue 1: 0.5, partly\nValue 2: 1', 2).verdicts[0]).toEqual({
      verdict: 0.5,
      justification: 'partly'
    });
    expect(scores('[Final answer]:\nValue 1: Respect for 2 elders: 1\nValue 2: loyalty: 0', 2)).toEqual([
      1, 0
    ]);
    // A list number before the label is not the value's number.
    expect(scores('[Final answer]:\n1. Value 2: 1\n2. Value 1: 0', 2)).toEqual([0, 1]);
  });

  it('scores with notes and no value labels are read in order as unlabelled scores', () => {
    expect(scores('[Final answer]:\n1 - present\n0 - absent\n0.5 - partly', 3)).toEqual([1, 0, 0.5]);
    const short = parseJudgement('[Final answer]:\n1 - present\n0 - absent', 3);
    expect(short.problem).toBe('2 unlabelled score lines for 3 values');
    expect(short.extra).toEqual([]);
    // A decimal at the start of a line is a score, never label 1 followed by 0.
    expect(scores('[Final answer]:\n1.0 - present\n0.0 - absent', 2)).toEqual([1, 0]);
    // Numbered lines that do carry scores stay labelled.
    expect(scores('[Final answer]:\n1. 1\n2. 0', 2)).toEqual([1, 0]);
  });

  it('a quoted draft of the verdict list is no justification', () => {
    const text =
      'Value 1: 0\nValue 2: 1, Value 3: 0\nValue 2: clearly stated.\n[Final answer]:\nValue 1: 1\nValue 2: 1';
    expect(parseJudgement(text, 2).verdicts).toEqual([
      { verdict: 1 },
      { verdict: 1, justification: 'clearly stated.' }
    ]);
  });

  it('without a [Final answer] section every value is unparseable', () => {
    const parsed = parseJudgement('Value 1: 1\nValue 2: 0', 2);
    expect(parsed.problem).toBe('no [Final answer] section');
    expect(parsed.verdicts.every((v) => 'unparseable' in v)).toBe(true);
  });

  it('the check refuses unreadable or extra verdicts and accepts a complete set', () => {
    const check = judgeCheck(2);
    expect(check('[Final answer]:\nValue 1: 1\nValue 2: 0')).toBeUndefined();
    expect(check('[Final answer]:\nValue 1: 1')).toMatch(/cannot be read|Value 2/);
    expect(check('[Final answer]:\nValue 1: 1\nValue 2: 0\nValue 3: 1')).toContain('do not exist');
    expect(check('I think both are present.')).toBe('no [Final answer] section');
  });
});
