import { describe, expect, it } from 'vitest';
import { hasPyDigit, pyIntRuns, pyLower, pyStrip, pyStripChars, secondPiece } from './python';

describe('pyStrip (Python str.strip())', () => {
  it('removes ASCII whitespace at both ends and keeps inner whitespace', () => {
    expect(pyStrip(' \t\n a  b \r\x0b\x0c')).toBe('a  b');
  });

  it('strips U+00A0, U+3000, U+2028 and U+0085 like Python', () => {
    expect(pyStrip('\u00a0agree\u3000')).toBe('agree');
    expect(pyStrip('\u2028agree\u0085')).toBe('agree');
  });

  it('strips the separators U+001C..U+001F, which JavaScript trim() keeps', () => {
    expect(pyStrip('\u001cagree\u001d')).toBe('agree');
    expect(pyStrip('\u001eagree\u001f')).toBe('agree');
  });

  it('does NOT strip U+FEFF (byte order mark), which JavaScript trim() removes', () => {
    expect(pyStrip('\ufeffagree\ufeff')).toBe('\ufeffagree\ufeff');
    expect(pyStrip(' \ufeff agree')).toBe('\ufeff agree');
  });

  it('does not strip the zero-width space U+200B (not whitespace in Python)', () => {
    expect(pyStrip('\u200bagree')).toBe('\u200bagree');
  });

  it('turns an all-whitespace string into the empty string', () => {
    expect(pyStrip(' \u00a0\n\u001f ')).toBe('');
    expect(pyStrip('')).toBe('');
  });
});

describe('pyStripChars (Python str.strip(chars))', () => {
  it('removes every leading and trailing quote but not inner ones', () => {
    expect(pyStripChars("''a'b''", "'")).toBe("a'b");
  });

  it('stops at the first character not in the set', () => {
    expect(pyStripChars(':: a ::', ':')).toBe(' a ');
    expect(pyStripChars(':::', ':')).toBe('');
  });
});

describe('pyLower (Python str.lower())', () => {
  it("lower-cases 'İ' to two code points (i + combining dot above)", () => {
    expect(pyLower('İ')).toBe('i\u0307');
    expect(Array.from(pyLower('İ'))).toHaveLength(2);
  });

  it('applies the final-sigma rule', () => {
    expect(pyLower('ΟΔΟΣ')).toBe('οδος');
    expect(pyLower('ΣΑ ΟΔΟΣ.')).toBe('σα οδος.');
    expect(pyLower('Σ')).toBe('σ');
  });

  it('lower-cases astral letters (Deseret)', () => {
    expect(pyLower('\u{10400}')).toBe('\u{10428}');
  });
});

describe('secondPiece (s.split(sep)[1])', () => {
  it('returns the text between the first and second occurrence', () => {
    expect(secondPiece('a|b|c|d', '|')).toBe('b');
    expect(secondPiece('x[Answer] y [Answer] z', '[Answer]')).toBe(' y ');
  });

  it('returns the rest when there is no second occurrence', () => {
    expect(secondPiece('a|b c', '|')).toBe('b c');
    expect(secondPiece('a|', '|')).toBe('');
    expect(secondPiece('|b', '|')).toBe('b');
  });

  it('throws when the separator is absent', () => {
    expect(() => secondPiece('abc', '|')).toThrow();
  });
});

describe('hasPyDigit (re.search(r"\\d"))', () => {
  it('finds ASCII and other Unicode decimal digits', () => {
    expect(hasPyDigit('option 7')).toBe(true);
    expect(hasPyDigit('\u0663')).toBe(true); // Arabic-Indic three
    expect(hasPyDigit('\uff13')).toBe(true); // fullwidth three
  });

  it('does not count non-decimal numerals such as superscripts or Roman numerals', () => {
    expect(hasPyDigit('x\u00b2')).toBe(false); // superscript two
    expect(hasPyDigit('\u2163')).toBe(false); // Roman numeral four
    expect(hasPyDigit('no digits here')).toBe(false);
  });
});

describe('pyIntRuns ([int(n) for n in re.findall(r"\\d+")])', () => {
  it('reads maximal runs, drops leading zeros and keeps order and duplicates', () => {
    expect(pyIntRuns('a 1 b 007 c 1', 15)).toEqual([1, 7, 1]);
    expect(pyIntRuns('3.14', 15)).toEqual([3, 14]);
    expect(pyIntRuns('0', 15)).toEqual([0]);
  });

  it('reports numbers above the cap as cap + 1, however long the run', () => {
    expect(pyIntRuns('15 16 22', 15)).toEqual([15, 16, 16]);
    expect(pyIntRuns('99999999999999999999999999', 15)).toEqual([16]);
  });

  it('reads Unicode decimal digits with their values', () => {
    expect(pyIntRuns('\u0663', 15)).toEqual([3]); // ٣
    expect(pyIntRuns('\u0661\u0662', 15)).toEqual([12]); // ١٢
    expect(pyIntRuns('1\u0662', 15)).toEqual([12]); // mixed scripts in one run
    expect(pyIntRuns('\uff11\uff15', 15)).toEqual([15]); // fullwidth 15
  });

  it('reads astral mathematical digits (bold seven, double-struck eight)', () => {
    expect(pyIntRuns('\u{1d7d5}', 15)).toEqual([7]);
    expect(pyIntRuns('\u{1d7e0}', 15)).toEqual([8]);
  });

  it('finds nothing in text without decimal digits', () => {
    expect(pyIntRuns('x\u00b2 and \u2163', 15)).toEqual([]);
  });
});
