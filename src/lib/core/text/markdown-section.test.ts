import { describe, expect, it } from 'vitest';
import { markdownSection } from './markdown-section';

const CARD = `# Card

## Other

Not this.

## The hard split (drafts)

A **second** split, with \`code\` and
a wrapped line.

| path | content |
| ---- | ------- |
| \`a.json\` | the *drafts* |

1. **First** step,
   wrapped.
2. Second.

### Figures

- one

## Sources

Not this either.`;

describe('a section of the dataset card', () => {
  it('reads the named section as plain blocks, down to the next section', () => {
    const section = markdownSection(CARD, 'The hard split');
    expect(section?.title).toBe('The hard split (drafts)');
    expect(section?.blocks).toEqual([
      { kind: 'paragraph', text: 'A second split, with code and a wrapped line.' },
      { kind: 'table', header: ['path', 'content'], rows: [['a.json', 'the drafts']] },
      { kind: 'list', ordered: true, items: ['First step, wrapped.', 'Second.'] },
      { kind: 'heading', text: 'Figures' },
      { kind: 'list', ordered: false, items: ['one'] }
    ]);
  });

  it('is undefined when the card has no such section', () => {
    expect(markdownSection(CARD, 'Missing')).toBeUndefined();
  });
});
