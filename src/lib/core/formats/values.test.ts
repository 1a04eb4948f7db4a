import { describe, expect, it } from 'vitest';
import { attitudesOf, formatValue, parseOptionList, parseValue } from './values';

describe('parseOptionList (the release\u2019s option parsing, quirks kept)', () => {
  it('drops the leading " " entry and keeps the rest untrimmed', () => {
    expect(parseOptionList(' 2. agree 3. Disagree ')).toEqual([' agree ', ' Disagree ']);
  });

  it('drops the leading "" entry when the text starts with a number', () => {
    expect(parseOptionList('1. important 2. not important')).toEqual([' important ', ' not important']);
  });

  it('keeps the listed order whatever the numbers', () => {
    expect(parseOptionList('2. Agree 1. Hard to say 0. Disagree')).toEqual([
      ' Agree ',
      ' Hard to say ',
      ' Disagree'
    ]);
  });

  it('parses the pool example', () => {
    expect(parseOptionList(' 1. agree 2. neither agree/disagree 3. disagree')).toEqual([
      ' agree ',
      ' neither agree/disagree ',
      ' disagree'
    ]);
  });

  it('can keep a whitespace-only entry', () => {
    // ' .  . agree' splits into [' ', '  ', ' agree']; only the ' ' entry is dropped.
    expect(parseOptionList(' 1.  2. agree')).toEqual(['  ', ' agree']);
  });

  it('removes only the first "" entry', () => {
    expect(parseOptionList('1. yes 2. no 3.')).toEqual([' yes ', ' no ', '']);
  });

  it('removes only the first " " entry', () => {
    expect(parseOptionList(' 1. a 2. 3. b')).toEqual([' a ', ' ', ' b']);
  });

  it('removes digits inside option text too', () => {
    expect(parseOptionList('1. 10 hours or more 2. less')).toEqual(['  hours or more ', ' less']);
  });

  it('keeps a text without numbering as one option, and an empty text as none', () => {
    expect(parseOptionList('agree')).toEqual(['agree']);
    expect(parseOptionList('')).toEqual([]);
  });
});

describe('attitudesOf', () => {
  it('trims the options and leaves out blank ones', () => {
    const entry = { topic: 't', q_content: 'Statement', option: ' 1.  2. agree 3. Disagree ' };
    expect(attitudesOf(entry)).toEqual(['agree', 'Disagree']);
  });
});

describe('formatValue', () => {
  it('writes statement--attitude with the attitude trimmed', () => {
    expect(
      formatValue({ statement: 'When a mother works for pay, the children suffer', attitude: ' agree ' })
    ).toBe('When a mother works for pay, the children suffer--agree');
  });

  it('writes Name:statement--attitude for a character', () => {
    expect(formatValue({ statement: 'Hard work pays', attitude: 'disagree', character: 'Maria' })).toBe(
      'Maria:Hard work pays--disagree'
    );
  });
});

describe('parseValue', () => {
  it('reads statement--attitude and trims the attitude', () => {
    expect(parseValue('Hard work pays-- agree ')).toEqual({ statement: 'Hard work pays', attitude: 'agree' });
  });

  it('keeps a colon inside the statement when no character is expected', () => {
    expect(parseValue('Work: is it a duty?--agree')).toEqual({
      statement: 'Work: is it a duty?',
      attitude: 'agree'
    });
  });

  it('splits the name at the first colon in the Name:statement--attitude form', () => {
    expect(parseValue('Maria:Work: is it a duty?--agree', true)).toEqual({
      statement: 'Work: is it a duty?',
      attitude: 'agree',
      character: 'Maria'
    });
  });

  it('splits at the first "--"', () => {
    expect(parseValue('a--b--c')).toEqual({ statement: 'a', attitude: 'b--c' });
  });

  it('rejects text without a statement, an attitude or "--"', () => {
    expect(parseValue('no separator here')).toBeUndefined();
    expect(parseValue('--agree')).toBeUndefined();
    expect(parseValue('Statement--  ')).toBeUndefined();
  });

  it('rejects the character form without a name', () => {
    expect(parseValue('Statement--agree', true)).toBeUndefined();
    expect(parseValue(':Statement--agree', true)).toBeUndefined();
  });

  it('round-trips values, including statements with colons', () => {
    const values = [
      { statement: 'Work: is it a duty?', attitude: 'agree' },
      { statement: 'When a mother works for pay, the children suffer', attitude: 'neither agree/disagree' }
    ];
    for (const v of values) expect(parseValue(formatValue(v))).toEqual(v);
    const withName = { statement: 'Rule: obey', attitude: 'disagree', character: 'Ana' };
    expect(parseValue(formatValue(withName), true)).toEqual(withName);
  });
});
