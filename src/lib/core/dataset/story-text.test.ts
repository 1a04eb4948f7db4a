import { describe, expect, it } from 'vitest';
import { parseStoryText, spans, titleOf } from './story-text';

const text = `**Title: Night Market**

**Setting:** A **busy** market at dusk.

**Characters:**
- **Ana**, a cook
- **Bo**, her son

---

Rain started.
**Ana:** “Close the stall.”
**Bo** (laughing, grabbing a tarp): “Already on it.”
**Bo**: “<script>alert(1)</script>”`;

describe('story text', () => {
  const blocks = parseStoryText(text);

  it('finds the title, setting, cast and rule', () => {
    expect(titleOf(text)).toBe('Night Market');
    expect(blocks[1]).toEqual({
      kind: 'setting',
      spans: [
        { text: 'A ', bold: false },
        { text: 'busy', bold: true },
        { text: ' market at dusk.', bold: false }
      ]
    });
    expect(blocks[2]).toMatchObject({
      kind: 'cast',
      members: [[{ text: 'Ana', bold: true }, { text: ', a cook' }], expect.anything()]
    });
    expect(blocks[3]).toEqual({ kind: 'rule' });
  });

  it('reads speeches with and without stage directions, and prose', () => {
    expect(blocks[4]).toEqual({ kind: 'prose', spans: [{ text: 'Rain started.', bold: false }] });
    expect(blocks[5]).toEqual({
      kind: 'speech',
      speaker: 'Ana',
      spans: [{ text: '“Close the stall.”', bold: false }]
    });
    expect(blocks[6]).toMatchObject({
      kind: 'speech',
      speaker: 'Bo',
      direction: 'laughing, grabbing a tarp'
    });
  });

  it('keeps markup as plain characters', () => {
    expect(blocks[7]).toEqual({
      kind: 'speech',
      speaker: 'Bo',
      spans: [{ text: '“<script>alert(1)</script>”', bold: false }]
    });
  });

  it('leaves an unpaired ** as literal text', () => {
    expect(spans('a ** b')).toEqual([{ text: 'a ** b', bold: false }]);
  });
});
