import type { Value } from '../schema/value';
import type { CheckKind } from './check-templates';
import { locateQuote, type QuoteLocation } from './locate-quote';

/** A value passes a check (reflected / not contradicted / implicit) or fails it. */
export type CheckVerdict = 'pass' | 'fail';

/** A speech a checker quoted as evidence for a failure. */
export interface CheckQuote {
  speech: string;
  /** Who says it, for contradictions. */
  character?: string;
  /** Where it is in the story; absent when it does not occur there (kept, and flagged). */
  location?: QuoteLocation;
}

export type ValueCheck = { quotes: CheckQuote[]; reasoning?: string; note?: string } & (
  { verdict: CheckVerdict } | { unparseable: string }
);

export interface ParsedCheck {
  /** One per value, in order. */
  values: ValueCheck[];
  /** Lines naming a value that does not exist: flagged, never read. */
  extra: string[];
  /** What was wrong with the reply as a whole. */
  problem?: string;
}

const HEADING = /^\[?\s*(verdicts|contradictions|obvious speech(?:es)?)\s*\]?\s*:?\s*(.*)$/i;
const LABEL = /^value\s*(\d+)\s*(?:\([^)]*\))?\s*[:.)\-–—]\s*(.*)$/i;
const NONE = /^(?:none|no|nothing|n\/a)\.?$/i;

function plain(line: string): string {
  return line
    .replace(/[*_`]/g, '')
    .replace(/^\s*(?:#+|[-•>]|\d+[.)])\s+(?=\S)/, '')
    .trim();
}

interface Sections {
  before: string[];
  verdicts?: string[];
  evidence?: string[];
}

/** Splits the reply at its closing headings; the last heading of a kind wins (drafts come first). */
function sections(lines: readonly string[], evidenceName: string | undefined): Sections {
  const found: { name: string; at: number; inline: string }[] = [];
  lines.forEach((line, at) => {
    const m = HEADING.exec(line);
    // A heading stands alone on its line (optionally followed by its first item).
    if (m && (line.startsWith('[') || /:\s*/.test(line.slice(m[1]!.length))))
      found.push({ name: sectionName(m[1]!), at, inline: m[2]!.trim() });
  });
  const last = (name: string) => found.findLast((f) => f.name === name);
  const verdicts = last('verdicts');
  const evidence = evidenceName === undefined ? undefined : last(evidenceName);
  const body = (f: { at: number; inline: string } | undefined): string[] | undefined => {
    if (!f) return undefined;
    const next = found.find((g) => g.at > f.at)?.at ?? lines.length;
    return [f.inline, ...lines.slice(f.at + 1, next)].filter((l) => l !== '');
  };
  const firstAt = Math.min(verdicts?.at ?? lines.length, evidence?.at ?? lines.length);
  const out: Sections = { before: lines.slice(0, firstAt) };
  const v = body(verdicts);
  const e = body(evidence);
  if (v) out.verdicts = v;
  if (e) out.evidence = e;
  return out;
}

function sectionName(heading: string): string {
  const h = heading.toLowerCase();
  return h.startsWith('verdict')
    ? 'verdicts'
    : h.startsWith('contradiction')
      ? 'contradiction'
      : 'obvious speech';
}

/** `Yes`/`No` as the first word of a verdict line's text; anything else is unreadable. */
function readVerdict(text: string): CheckVerdict | undefined {
  const word = /^(yes|no)\b[\s.,;:!-]*/i.exec(text.trim());
  if (!word) return undefined;
  // "Yes, but no" or "No - yes in part" gives both answers: not a verdict.
  const rest = text.trim().slice(word[0].length);
  if (/\b(yes|no)\b/i.test(rest.split(/[(–—-]/)[0] ?? '')) return undefined;
  return word[1]!.toLowerCase() === 'yes' ? 'pass' : 'fail';
}

/**
 * Reads a checker's reply: per value a Yes/No from the `[Verdicts]` section, and for the
 * consistency and implicitness checks the quoted speeches that justify a No, each located in
 * the story. Like the judge's parser it never guesses: a value with no readable verdict, two
 * different verdicts, or a Yes contradicted by listed evidence is unparseable; lines for values
 * that do not exist go to `extra`.
 */
export function parseCheckReply(
  kind: CheckKind,
  reply: string,
  values: readonly Value[],
  story: string
): ParsedCheck {
  const count = values.length;
  const lines = reply.split(/\r?\n/).map(plain);
  const evidenceName =
    kind === 'consistency' ? 'contradiction' : kind === 'implicitness' ? 'obvious speech' : undefined;
  const parts = sections(lines, evidenceName);
  const reasoning = readReasoning(parts.before, count);
  const extra: string[] = [];
  const problems: string[] = [];

  const verdictReads = new Map<number, (CheckVerdict | undefined)[]>();
  for (const line of parts.verdicts ?? []) {
    const m = LABEL.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < 1 || n > count) extra.push(line);
    else verdictReads.set(n, [...(verdictReads.get(n) ?? []), readVerdict(m[2]!)]);
  }

  const quotes = new Map<number, CheckQuote[]>();
  for (const line of parts.evidence ?? []) {
    if (NONE.test(line)) continue;
    const m = LABEL.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < 1 || n > count) {
      extra.push(line);
      continue;
    }
    const quote = readQuote(m[2]!, kind, story);
    if (quote) quotes.set(n, [...(quotes.get(n) ?? []), quote]);
  }

  if (parts.verdicts === undefined) problems.push('the reply has no [Verdicts] section');
  if (evidenceName !== undefined && parts.evidence === undefined && parts.verdicts !== undefined)
    problems.push(
      `the reply has no [${evidenceName === 'contradiction' ? 'Contradictions' : 'Obvious speech'}] section`
    );
  if (extra.length > 0) problems.push(`lines for values that do not exist: ${extra.join(' | ')}`);

  const out: ValueCheck[] = [];
  for (let n = 1; n <= count; n++) {
    const base = {
      quotes: quotes.get(n) ?? [],
      ...(reasoning[n - 1] === undefined ? {} : { reasoning: reasoning[n - 1]! })
    };
    out.push({
      ...base,
      ...verdictFor(n, verdictReads.get(n), base.quotes, parts.verdicts !== undefined, evidenceName)
    });
  }
  return { values: out, extra, ...(problems.length > 0 ? { problem: problems.join('; ') } : {}) };
}

function verdictFor(
  n: number,
  reads: (CheckVerdict | undefined)[] | undefined,
  quotes: readonly CheckQuote[],
  hasSection: boolean,
  evidenceName: string | undefined
): { verdict: CheckVerdict; note?: string } | { unparseable: string } {
  if (!hasSection) return { unparseable: 'the reply has no [Verdicts] section' };
  if (reads === undefined) return { unparseable: `no verdict line for Value ${n}` };
  const readable = reads.filter((r): r is CheckVerdict => r !== undefined);
  if (readable.length === 0) return { unparseable: `Value ${n}: the verdict is neither Yes nor No` };
  if (new Set(readable).size > 1) return { unparseable: `Value ${n} is given both Yes and No` };
  const verdict = readable[0]!;
  if (evidenceName === undefined) return { verdict };
  if (verdict === 'pass' && quotes.length > 0)
    return { unparseable: `Value ${n} is marked Yes but a ${evidenceName} is listed for it` };
  if (verdict === 'fail' && quotes.length === 0)
    return { verdict, note: `no ${evidenceName} is quoted for it` };
  return { verdict };
}

/** `Character: speech` for contradictions (a short name before the first colon), else the speech. */
function readQuote(text: string, kind: CheckKind, story: string): CheckQuote | undefined {
  let rest = text.trim();
  let character: string | undefined;
  if (kind === 'consistency') {
    const m = /^([^:"“”]{1,40}):\s*(.+)$/.exec(rest);
    if (m) {
      character = m[1]!.trim();
      rest = m[2]!.trim();
    }
  }
  if (rest === '') return undefined;
  const location = locateQuote(story, rest);
  return {
    speech: rest,
    ...(character === undefined ? {} : { character }),
    ...(location === undefined ? {} : { location })
  };
}

/** `Value N: reasoning` lines before the closing sections, continued until the next label. */
function readReasoning(lines: readonly string[], count: number): (string | undefined)[] {
  const out = new Array<string | undefined>(count).fill(undefined);
  let current: number | undefined;
  for (const line of lines) {
    const m = LABEL.exec(line);
    if (m) {
      const n = Number(m[1]);
      current = n >= 1 && n <= count && out[n - 1] === undefined ? n : undefined;
      if (current !== undefined && m[2]!.trim() !== '') out[current - 1] = m[2]!.trim();
      continue;
    }
    if (current !== undefined && line !== '')
      out[current - 1] = out[current - 1] === undefined ? line : `${out[current - 1]!} ${line}`;
  }
  return out;
}
