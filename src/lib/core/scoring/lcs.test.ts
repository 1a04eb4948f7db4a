import { describe, expect, it } from 'vitest';
import { SubstringMatcher } from './lcs';
import { bestMatch } from './match';

describe('SubstringMatcher.length (longest common substring)', () => {
  const m = new SubstringMatcher();

  it('finds a contiguous common substring, not a subsequence', () => {
    expect(m.length('abcde', 'xbcdy')).toBe(3);
    // 'ace' is a common subsequence but only single letters are common substrings.
    expect(m.length('ace', 'abcde')).toBe(1);
  });

  it('is 0 for strings with nothing in common and for empty strings', () => {
    expect(m.length('abc', 'xyz')).toBe(0);
    expect(m.length('', 'abc')).toBe(0);
    expect(m.length('abc', '')).toBe(0);
    expect(m.length('', '')).toBe(0);
  });

  it('handles repeated patterns', () => {
    expect(m.length('banana', 'ananas')).toBe(5); // 'anana'
    expect(m.length('mississippi', 'xissipx')).toBe(5); // 'issip'
    expect(m.length('abcabxabcd', 'zabcdz')).toBe(4); // 'abcd'
    expect(m.length('aaaa', 'baab')).toBe(2);
  });

  it('does not depend on which argument is first', () => {
    expect(m.length('xissipx', 'mississippi')).toBe(5);
    expect(m.length('zabcdz', 'abcabxabcd')).toBe(4);
  });

  it('gives the same result when one answer is compared with several candidates in turn', () => {
    const reused = new SubstringMatcher();
    expect(reused.length('the value is agree', 'agree')).toBe(5);
    expect(reused.length('the value is agree', 'disagree')).toBe(5);
    expect(reused.length('the value is agree', 'value')).toBe(5);
    expect(reused.length('the value is agree', ' is a')).toBe(5);
    expect(reused.length('the value is agree', 'xyz')).toBe(0);
    expect(reused.length('agree', 'the value is agree')).toBe(5);
  });

  it('gives the full length for equal strings', () => {
    expect(m.length('agree', 'agree')).toBe(5);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(m.length('😀😀😀', '😀😀😀')).toBe(3);
    expect(m.length('a😀b', 'x😀y')).toBe(1);
  });

  it('does not match half of a surrogate pair', () => {
    // 😀 is D83D DE00 and 😁 is D83D DE01: in UTF-16 units 'x' + D83D would be common (2).
    expect(m.length('x😀', 'x😁')).toBe(1);
  });

  it('counts astral characters as one each', () => {
    expect(m.length('𝒜𝒜b', 'z𝒜𝒜b')).toBe(3);
  });

  it('handles strings longer than its initial buffers', () => {
    const a = 'a'.repeat(100) + 'xyz';
    const b = 'xyz' + 'a'.repeat(70);
    expect(m.length(a, b)).toBe(70);
  });

  it('gives the same answers when one matcher is reused after a long pair', () => {
    const reused = new SubstringMatcher();
    expect(reused.length('q'.repeat(200), 'q'.repeat(150))).toBe(150);
    expect(reused.length('ab', 'ab')).toBe(2);
    expect(reused.length('ab', 'cd')).toBe(0);
  });
});

describe('bestMatch (the release\u2019s best(answer, candidates))', () => {
  const m = new SubstringMatcher();

  it('keeps the candidate with the longest common substring', () => {
    expect(bestMatch(m, 'disagree', [' agree ', ' disagree '])).toEqual({ index: 1, length: 8 });
  });

  it('keeps the first candidate on a tie', () => {
    // 'agree' shares all 5 letters with both options.
    expect(bestMatch(m, 'agree', [' disagree', ' agree '])).toEqual({ index: 0, length: 5 });
    expect(bestMatch(m, 'agree', [' agree ', ' disagree'])).toEqual({ index: 0, length: 5 });
  });

  it('lets a later candidate win only when strictly longer', () => {
    expect(bestMatch(m, 'abcd', ['xab', 'xcd', 'abc', 'bcd'])).toEqual({ index: 2, length: 3 });
  });

  it('never keeps a zero-length match', () => {
    expect(bestMatch(m, 'xyz', ['abc', 'def'])).toBeUndefined();
    expect(bestMatch(m, '', ['abc'])).toBeUndefined();
    expect(bestMatch(m, 'abc', [])).toBeUndefined();
    expect(bestMatch(m, 'abc', ['', 'zzc'])).toEqual({ index: 1, length: 1 });
  });

  it('keeps a match of a single shared letter', () => {
    expect(bestMatch(m, 'maybe', [' yes ', ' no '])).toEqual({ index: 0, length: 1 });
  });

  it('compares lower-cased text on both sides', () => {
    expect(bestMatch(m, 'AGREE', ['x', 'Agree'])).toEqual({ index: 1, length: 5 });
  });

  it("lower-cases 'İ' to two code points, which breaks contiguity", () => {
    // lower('İSTANBUL') = 'i' + U+0307 + 'stanbul': only 'stanbul' (7) is shared with 'istanbul'.
    expect(bestMatch(m, 'İSTANBUL', ['istanbul'])).toEqual({ index: 0, length: 7 });
    // Both sides become i + U+0307: two code points in common.
    expect(bestMatch(m, 'İ', ['i\u0307'])).toEqual({ index: 0, length: 2 });
  });

  it('applies the final-sigma rule before comparing', () => {
    // lower('ΟΔΟΣ') ends in final sigma ς, which differs from σ.
    expect(bestMatch(m, 'ΟΔΟΣ', ['οδοσ'])).toEqual({ index: 0, length: 3 });
    expect(bestMatch(m, 'ΟΔΟΣ', ['οδος'])).toEqual({ index: 0, length: 4 });
  });

  it('remembers an answer per option list, not across lists', () => {
    // The same answer twice against one list, then against a list where another option wins:
    // each list gets its own best option, as if nothing were remembered.
    const fresh = new SubstringMatcher();
    const agreeFirst = [' agree ', ' disagree '];
    const disagreeFirst = [' strongly disagree ', ' agree '];
    expect(bestMatch(fresh, 'I disagree', agreeFirst)).toEqual({ index: 1, length: 9 });
    expect(bestMatch(fresh, 'I disagree', [...agreeFirst])).toEqual({ index: 1, length: 9 });
    expect(bestMatch(fresh, 'I disagree', disagreeFirst)).toEqual({ index: 0, length: 9 });
    expect(bestMatch(fresh, 'maybe', agreeFirst)).toEqual({ index: 0, length: 1 });
    expect(bestMatch(fresh, 'xyz', agreeFirst)).toBeUndefined();
    expect(bestMatch(fresh, 'xyz', agreeFirst)).toBeUndefined();
  });

  it('gives a long answer the same match as a short one would get', () => {
    // Answers over the remembered length are matched afresh each time.
    const long = `${'x'.repeat(300)} disagree`;
    expect(bestMatch(m, long, [' agree ', ' disagree '])).toEqual({ index: 1, length: 9 });
    expect(bestMatch(m, long, [' disagree ', ' agree '])).toEqual({ index: 0, length: 9 });
  });

  it('lower-cases astral letters', () => {
    expect(bestMatch(m, '\u{10400}\u{10401}', ['\u{10428}\u{10429}'])).toEqual({ index: 0, length: 2 });
  });
});
