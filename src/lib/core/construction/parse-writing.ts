import type { SpeechReplacement } from './replace-speech';

/**
 * Reading a writer's replies. A story reply is the text from its `**Title:` line on (models
 * often put a sentence or a code fence around it); a replacement reply is a list of
 * `Original speech:` / `Replacement:` blocks. Like the check parser, these never guess: a reply
 * without a title line, or without a single complete block, is unreadable and asked again.
 */

/** The story in a writer's reply, or undefined when it has no `**Title:` line. */
export function storyFromReply(reply: string): string | undefined {
  const lines = reply.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^\s*\*\*Title:/.test(l));
  if (start < 0) return undefined;
  let end = lines.length;
  while (end > start && (lines[end - 1]!.trim() === '' || /^\s*```/.test(lines[end - 1]!))) end--;
  return lines
    .slice(start, end)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

const ORIGINAL = /^\s*(?:[-*>]\s*)?\**\s*original(?: speech)?\s*\**\s*:\s*\**\s*(.*)$/i;
const REPLACEMENT =
  /^\s*(?:[-*>]\s*)?\**\s*(?:replacement|refined(?: speech)?|new speech)\s*\**\s*:\s*\**\s*(.*)$/i;

/** The `Original speech:` / `Replacement:` pairs of a reply, in order. */
export function replacementsFromReply(reply: string): SpeechReplacement[] {
  const out: SpeechReplacement[] = [];
  let original: string | undefined;
  for (const line of reply.replace(/\r\n/g, '\n').split('\n')) {
    const o = ORIGINAL.exec(line);
    if (o) {
      original = o[1]!.trim();
      continue;
    }
    const r = REPLACEMENT.exec(line);
    if (r && original !== undefined && original !== '' && r[1]!.trim() !== '') {
      out.push({ original, replacement: r[1]!.trim() });
      original = undefined;
    }
  }
  return out;
}

/** Why a story reply cannot be used, or undefined: the engine asks again on a reason. */
export function checkStoryReply(reply: string): string | undefined {
  return storyFromReply(reply) === undefined
    ? 'the reply has no **Title:** line to start the story'
    : undefined;
}

export function checkReplacementReply(reply: string): string | undefined {
  return replacementsFromReply(reply).length === 0
    ? 'the reply has no "Original speech:" / "Replacement:" block'
    : undefined;
}
