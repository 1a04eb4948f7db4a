import { describe, expect, it } from 'vitest';
import { markedSegments } from './quote-marks';

describe('markedSegments', () => {
  const text = 'Maya: "I stay late." Ravi: "The temple can wait."';

  it('cuts the text at each quote, and the pieces join back to the text', () => {
    const start = text.indexOf('The temple');
    const segments = markedSegments(text, [{ start, end: start + 20, label: 'consistency, value 2' }]);
    expect(segments).toEqual([
      { text: text.slice(0, start), labels: [] },
      { text: 'The temple can wait.', labels: ['consistency, value 2'] },
      { text: '"', labels: [] }
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('gives overlapping quotes every label that covers a piece, and clips or drops marks outside the text', () => {
    const segments = markedSegments(text, [
      { start: 7, end: 19, label: 'a' },
      { start: 14, end: 200, label: 'b' },
      { start: 30, end: 30, label: 'empty' },
      { start: -5, end: 2, label: 'c' }
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.find((s) => s.text === 'late.')?.labels).toEqual(['a', 'b']);
    expect(segments[0]).toEqual({ text: 'Ma', labels: ['c'] });
    expect(segments.at(-1)?.labels).toEqual(['b']);
    expect(segments.flatMap((s) => s.labels)).not.toContain('empty');
  });

  it('leaves a text without marks whole', () => {
    expect(markedSegments(text, [])).toEqual([{ text, labels: [] }]);
  });
});
