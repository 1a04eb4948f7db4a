/**
 * One section of a markdown document (the dataset card's hard-split section) as plain blocks,
 * for showing as text: headings, paragraphs, list items and table rows, inline marks removed.
 * Never HTML: the card is shown with text nodes only.
 */
export type MarkdownBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

/** The section whose level-2 heading starts with `heading`, down to the next level-2 heading. */
export function markdownSection(
  markdown: string,
  heading: string
): { title: string; blocks: MarkdownBlock[] } | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) return undefined;
  const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const body = lines.slice(start + 1, next < 0 ? lines.length : next);
  return { title: plain(lines[start]!.slice(3)), blocks: blocksOf(body) };
}

function blocksOf(lines: readonly string[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: plain(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    const item = /^(?:([-*])|(\d+)\.)\s+(.*)$/.exec(line);
    const last = blocks.at(-1);
    if (line === '') flush();
    else if (line.startsWith('#')) {
      flush();
      blocks.push({ kind: 'heading', text: plain(line.replace(/^#+\s*/, '')) });
    } else if (line.startsWith('|')) {
      flush();
      const cells = line
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => plain(c.trim()));
      if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
      if (last?.kind === 'table') last.rows.push(cells);
      else blocks.push({ kind: 'table', header: cells, rows: [] });
    } else if (item !== null) {
      flush();
      const ordered = item[2] !== undefined;
      if (last?.kind === 'list' && last.ordered === ordered && paragraph.length === 0)
        last.items.push(plain(item[3]!));
      else blocks.push({ kind: 'list', ordered, items: [plain(item[3]!)] });
    } else if (last?.kind === 'list' && paragraph.length === 0 && raw.startsWith(' ')) {
      // A wrapped list item continues the item.
      last.items.push(`${last.items.pop() ?? ''} ${plain(line)}`);
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Inline marks (`**bold**`, `*em*`, `` `code` ``, links) reduced to their text. */
function plain(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(^|\W)\*([^*\s][^*]*)\*(?=\W|$)/g, '$1$2')
    .trim();
}
