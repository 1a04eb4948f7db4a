import type { Verdict } from '../schema/judging';

/** One gold value's verdict as read from a judge's reply. */
export type ParsedVerdict =
  { verdict: Verdict; justification?: string } | { unparseable: string; justification?: string };

export interface ParsedJudgement {
  /** One per gold value, in order. */
  verdicts: ParsedVerdict[];
  /** Final-section lines naming a value that does not exist (Value 7 of 5): flagged, never read. */
  extra: string[];
  /** What was wrong with the reply as a whole, when something was. */
  problem?: string;
}

const SCORE = /^(?:1(?:\.0+)?|0(?:\.0+)?|0?\.50*)$/;
/** `Value 3`, `value 3`, `3` at the start of a line, then a separator. */
const LABEL = /^(?:value\s*)?(\d+)\s*(?:[:.)\-–—]|\s)\s*(.*)$/i;
const HEADING = /^\[final answer\]\s*:?(.*)$|^final answer\s*:(.*)$|^final answer\s*$/i;

/** Markdown emphasis, inline code, heading marks and bullets that judges sprinkle on lines. */
function plain(line: string): string {
  return (
    line
      .replace(/[*_`]/g, '')
      .replace(/^\s*(?:#+|[-•>])\s+/, '')
      // A list number before a value's label (`1. Value 2: 1`) is not the value's number.
      .replace(/^\s*\d+[.)]\s+(?=value\s*\d)/i, '')
      .trim()
  );
}

/** A score written as 1, 0.5 or 0 (1.0, 0.50, .5 and so on); `invalid` for any other number. */
function readScore(text: string): Verdict | 'invalid' | undefined {
  const t = text
    .trim()
    .replace(/\s*\/\s*1$/, '')
    .replace(/[.;,]$/, '');
  if (SCORE.test(t)) return Number(t) === 1 ? 1 : Number(t) === 0 ? 0 : 0.5;
  return /^-?\d*\.?\d+$/.test(t) ? 'invalid' : undefined;
}

/** A standalone 0, 0.5 or 1 (any spelling) inside a text: a second candidate score. */
const SCORE_WORD = /(?<![\w.])(?:1(?:\.0+)?|0(?:\.0+)?|0?\.50*)(?![\w.]|\.\d)/;
/** Another value's label inside a line (`, Value 2: 0`): the line holds more than one read. */
const OTHER_LABEL = /\bvalue\s*\d+\s*(?:\([^)]*\)\s*)?[:=]/gi;

/**
 * A labelled line's score: the text right after the label (`Value 2: 0.5`, `2. 1 - both
 * present`), else the text after its last `:` as the release reads it (`Value 2 (X--agree): 1`)
 * — but only when nothing before that colon could be the score too, so a note that ends in a
 * number (`1 although it is vaguer: 0.5`) is unreadable rather than read as its last number.
 */
function scoreOf(rest: string): { score: Verdict | 'invalid' | undefined; note?: string } {
  const head = /^(\S+?)[,;]?(?:\s+[-–—(,]\s*(.*?)\)?|[,;]\s*(.*))?$/.exec(rest.trim());
  if (head) {
    const score = readScore(head[1]!);
    const note = head[2] ?? head[3];
    if (score !== undefined) return note ? { score, note } : { score };
  }
  const colon = rest.lastIndexOf(':');
  if (colon < 0 || SCORE_WORD.test(rest.slice(0, colon))) return { score: undefined };
  return { score: readScore(rest.slice(colon + 1)) };
}

/**
 * A final-section line cut where another value's label starts (`Value 1: 1, Value 2: 0` →
 * `Value 1: 1` and `Value 2: 0`), so no value is ever read from another value's score.
 */
function splitLabels(line: string): string[] {
  const starts = [...line.matchAll(OTHER_LABEL)].map((m) => m.index).filter((i) => i > 0);
  if (starts.length === 0) return [line];
  return [0, ...starts].map((from, i, all) =>
    line
      .slice(from, all[i + 1])
      .replace(/[\s,;/|]+$/, '')
      .trim()
  );
}

/**
 * Reads a judge's reply: one verdict per gold value from its `[Final answer]:` section, and
 * the justifications written before it. Tolerant of formatting (markdown, `Value 1 -`, `1.`,
 * case, `1.0`, `0.50`, blank lines, `Final answer:` without brackets) but it never guesses: a
 * value without a readable score is unparseable, a value given two different scores is
 * unparseable, a line for a value that does not exist goes to `extra` and is never shifted onto
 * another value, and lines without labels are read in order only when there are exactly as
 * many as there are gold values (as the release reads them).
 */
export function parseJudgement(text: string, goldCount: number): ParsedJudgement {
  const lines = text.split(/\r?\n/).map(plain);
  const at = lines.findLastIndex((l) => HEADING.test(l));
  const justifications = readJustifications(at < 0 ? lines : lines.slice(0, at), goldCount);
  const withNote = (v: ParsedVerdict, i: number): ParsedVerdict => {
    const note = justifications[i];
    return note === undefined || v.justification !== undefined ? v : { ...v, justification: note };
  };
  if (at < 0) {
    const verdicts = Array.from({ length: goldCount }, (_x, i) =>
      withNote({ unparseable: 'the reply has no [Final answer] section' }, i)
    );
    return { verdicts, extra: [], problem: 'no [Final answer] section' };
  }
  const heading = HEADING.exec(lines[at]!)!;
  const section = [(heading[1] ?? heading[2] ?? '').trim(), ...lines.slice(at + 1)].filter((l) => l !== '');

  const { labelled, extra, unlabelled } = readLines(section.flatMap(splitLabels), goldCount);

  let verdicts: ParsedVerdict[];
  let problem: string | undefined;
  if (labelled.size === 0 && extra.length === 0) {
    if (unlabelled.length === goldCount) {
      verdicts = unlabelled.map((u) =>
        u.score === 'invalid' ? { unparseable: `"${u.line}" is not 0, 0.5 or 1` } : { verdict: u.score }
      );
    } else {
      problem = `${unlabelled.length} unlabelled score lines for ${goldCount} values`;
      verdicts = Array.from({ length: goldCount }, () => ({ unparseable: problem! }));
    }
  } else {
    verdicts = Array.from({ length: goldCount }, (_x, i) => verdictOf(i + 1, labelled.get(i + 1)));
    if (unlabelled.length > 0)
      problem = `${unlabelled.length} score lines without a value label were not read`;
  }
  if (extra.length > 0) {
    const more = `lines for values that do not exist: ${extra.join(' | ')}`;
    problem = problem === undefined ? more : `${problem}; ${more}`;
  }
  const result: ParsedJudgement = { verdicts: verdicts.map(withNote), extra };
  if (problem !== undefined) result.problem = problem;
  return result;
}

interface Read {
  score: Verdict | 'invalid' | undefined;
  line: string;
  note?: string;
}

interface Lines {
  labelled: Map<number, Read[]>;
  extra: string[];
  unlabelled: { score: Verdict | 'invalid'; line: string }[];
}

/**
 * Sorts the final section's lines into labelled reads, lines for values that do not exist and
 * unlabelled score lines. A leading number that is no value (`0 - absent`, `0.5 - partly` for
 * three values) but is a score makes its line an unlabelled score; when no label is followed by
 * a score, lines like `1 - present` beside them are unlabelled scores too, read in order.
 */
function readLines(lines: readonly string[], goldCount: number): Lines {
  const out: Lines = { labelled: new Map(), extra: [], unlabelled: [] };
  /** Per line, in order: how it reads as a labelled line, and as an unlabelled score if it can. */
  const reads: { n?: number; asScore?: Verdict; unlabelled?: Verdict | 'invalid' }[] = [];
  for (const line of lines) {
    const bare = readScore(line);
    const lead = /^(\d*\.?\d+)\s*(?:[-–—(,:]|$)\s*(.*)$/.exec(line);
    const leadScore = lead ? readScore(lead[1]!) : undefined;
    const asScore =
      typeof leadScore === 'number' && readScore(lead![2]!) === undefined ? leadScore : undefined;
    // `1.0 - present` starts with a number, not with a label followed by `0 - present`.
    const label = /^\d*\.\d/.test(line) ? null : LABEL.exec(line);
    if (bare !== undefined || !label) {
      const colon = line.lastIndexOf(':');
      const score = bare ?? asScore ?? (colon < 0 ? undefined : readScore(line.slice(colon + 1)));
      if (score !== undefined) out.unlabelled.push({ score, line });
      reads.push(score === undefined ? {} : { unlabelled: score });
      continue;
    }
    const n = Number(label[1]);
    const inRange = n >= 1 && n <= goldCount;
    if (!inRange && asScore !== undefined && !/^value/i.test(line)) {
      out.unlabelled.push({ score: asScore, line });
      reads.push({ unlabelled: asScore });
    } else if (!inRange) {
      out.extra.push(line);
      reads.push({});
    } else {
      const read = { line, ...scoreOf(label[2]!) };
      out.labelled.set(n, [...(out.labelled.get(n) ?? []), read]);
      reads.push(asScore === undefined || /^value/i.test(line) ? { n } : { n, asScore });
    }
  }
  const scoredLabel = [...out.labelled.values()].some((rs) => rs.some((r) => r.score !== undefined));
  const unlabelledLike = reads.every((r) => r.n === undefined || r.asScore !== undefined);
  if (!scoredLabel && out.unlabelled.length > 0 && out.extra.length === 0 && unlabelledLike) {
    // Every "label" was a score with a note: read the lines as unlabelled scores, in order.
    out.labelled.clear();
    out.unlabelled = [];
    lines.forEach((line, i) => {
      const score = reads[i]!.unlabelled ?? reads[i]!.asScore;
      if (score !== undefined) out.unlabelled.push({ score, line });
    });
  }
  return out;
}

function verdictOf(n: number, reads: Read[] | undefined): ParsedVerdict {
  if (reads === undefined) return { unparseable: `no score line for Value ${n}` };
  // A line that starts with the number but holds no score ("2 of them are close") is prose,
  // not a second verdict; it only matters when no line gives the value a score.
  const scored = reads.filter((r): r is Read & { score: Verdict | 'invalid' } => r.score !== undefined);
  const [first] = scored;
  if (first === undefined) return { unparseable: `cannot read a score in "${reads[0]!.line}"` };
  if (new Set(scored.map((r) => r.score)).size > 1)
    return { unparseable: `Value ${n} is given different scores` };
  if (first.score === 'invalid') return { unparseable: `"${first.line}" is not 0, 0.5 or 1` };
  const verdict = first.score;
  return first.note === undefined ? { verdict } : { verdict, justification: first.note };
}

/** `Value N: why` lines before the final section, by value (the first line per value wins). */
function readJustifications(lines: readonly string[], goldCount: number): (string | undefined)[] {
  const out: (string | undefined)[] = new Array<string | undefined>(goldCount).fill(undefined);
  for (const line of lines) {
    const m = /^value\s*(\d+)\s*(?:\([^)]*\))?\s*[:.\-–—]\s*(.+)$/i.exec(line);
    if (!m) continue;
    const i = Number(m[1]) - 1;
    const text = m[2]!.trim();
    // A quoted draft of the verdict list (`Value 1: 0`) is a score, not a reason.
    if (readScore(text) !== undefined || /^\S+\s*[,;]\s*value\s*\d/i.test(text)) continue;
    if (i >= 0 && i < goldCount && out[i] === undefined) out[i] = text;
  }
  return out;
}
