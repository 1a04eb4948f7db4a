/**
 * Splits a story's markdown-flavoured text into blocks a page can render as plain text:
 * title, setting, the cast list, a rule, speeches (speaker, stage direction, words) and prose.
 * Only `**bold**` spans are recognised inside lines; nothing is ever treated as HTML.
 */
export type Span = { text: string; bold: boolean };

export type StoryBlock =
  | { kind: 'title'; text: string }
  | { kind: 'setting'; spans: Span[] }
  | { kind: 'cast'; members: Span[][] }
  | { kind: 'rule' }
  | { kind: 'speech'; speaker: string; direction?: string; spans: Span[] }
  | { kind: 'prose'; spans: Span[] };

const TITLE = /^\*\*Title:\s*(.*?)\*\*\s*$/;
const SETTING = /^\*\*Setting:\*\*\s*(.*)$/;
const CAST = /^\*\*Characters:\*\*\s*$/;
// **Name:** words   or   **Name** (direction): words   or   **Name** (direction) words
const SPEECH = /^\*\*([^*]{1,60}?)(?::\*\*|\*\*:?)\s*(?:\(([^)]*)\)\s*:?\s*)?(.*)$/;

/** `**bold**` spans of one line; an unpaired `**` stays literal text. */
export function spans(line: string): Span[] {
  const parts = line.split('**');
  if (parts.length % 2 === 0) return [{ text: line, bold: false }];
  return parts.map((text, i) => ({ text, bold: i % 2 === 1 })).filter((s) => s.text !== '');
}

export function parseStoryText(text: string): StoryBlock[] {
  const blocks: StoryBlock[] = [];
  let inCast = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      inCast = false;
      continue;
    }
    const title = TITLE.exec(line);
    const setting = SETTING.exec(line);
    if (title) blocks.push({ kind: 'title', text: title[1]! });
    else if (setting) blocks.push({ kind: 'setting', spans: spans(setting[1]!) });
    else if (CAST.test(line)) {
      blocks.push({ kind: 'cast', members: [] });
      inCast = true;
    } else if (line === '---') blocks.push({ kind: 'rule' });
    else if (inCast && /^[-*]\s/.test(line)) {
      const cast = blocks[blocks.length - 1];
      if (cast?.kind === 'cast') cast.members.push(spans(line.slice(2)));
    } else {
      const speech = SPEECH.exec(line);
      if (speech && speech[3] !== undefined && speech[3] !== '') {
        const block: StoryBlock = { kind: 'speech', speaker: speech[1]!.trim(), spans: spans(speech[3]) };
        if (speech[2] !== undefined) block.direction = speech[2].trim();
        blocks.push(block);
      } else {
        blocks.push({ kind: 'prose', spans: spans(line) });
      }
    }
  }
  return blocks;
}

/** The title of a story text (`**Title: ...**`), if it has one. */
export function titleOf(text: string): string | undefined {
  for (const block of parseStoryText(text)) if (block.kind === 'title') return block.text;
  return undefined;
}
