/** A stretch of a story that a check quoted: character offsets (UTF-16) and what quoted it. */
export interface QuoteMark {
  start: number;
  end: number;
  label: string;
}

/** A piece of the story text: plain, or quoted by the checks named in `labels`. */
export interface MarkedSegment {
  text: string;
  labels: string[];
}

/**
 * The story cut at every quote's start and end, so a page can render it as text nodes with the
 * quoted pieces marked (never as HTML). Overlapping quotes give a piece every label that covers
 * it; marks outside the text are clipped, empty ones ignored.
 */
export function markedSegments(text: string, marks: readonly QuoteMark[]): MarkedSegment[] {
  const valid = marks
    .map((m) => ({ ...m, start: Math.max(0, m.start), end: Math.min(text.length, m.end) }))
    .filter((m) => m.end > m.start);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((m) => [m.start, m.end])])].sort(
    (a, b) => a - b
  );
  const segments: MarkedSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const labels = [...new Set(valid.filter((m) => m.start <= from && m.end >= to).map((m) => m.label))];
    const last = segments.at(-1);
    // Neighbours with the same labels are one piece.
    if (last !== undefined && last.labels.join('\n') === labels.join('\n')) last.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), labels });
  }
  return segments;
}
