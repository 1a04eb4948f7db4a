import type { AttitudeSummary } from '../lib/core/scoring/attitude-summary';
import type { SelectionSummary } from '../lib/core/scoring/selection-summary';
import type { Interval } from '../lib/core/scoring/intervals';

const f = (x: number): string => x.toFixed(4);
const ci = (i: Interval): string => `95% CI ${f(i.low)}-${f(i.high)}`;

function table(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function outcomes(o: Record<string, number>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function attitudeTable(s: AttitudeSummary, reasoning: boolean): string {
  return table([
    [
      'task',
      `attitude detection${reasoning ? ' (reasoning)' : ''}${s.strict ? ' STRICT, not comparable with the paper' : ''}`
    ],
    ['questions', String(s.n)],
    ['accuracy', `${f(s.accuracy)}  (${s.correct}/${s.n}, ${ci(s.accuracyInterval)})`],
    ['ceiling', `${f(s.ceiling)}  (share of gold options any answer can reach)`],
    ['macro-F1', f(s.macroF1)],
    ['coverage', f(s.coverage)],
    ['outcomes', outcomes(s.outcomes)]
  ]);
}

export function selectionTable(s: SelectionSummary, reasoning: boolean): string {
  return table([
    ['task', `value selection${reasoning ? ' (reasoning)' : ''}`],
    ['stories', `${s.n} (${s.scored} scored, ${s.skipped} skipped)`],
    ['precision', f(s.precision)],
    ['recall', f(s.recall)],
    ['F1', `${f(s.f1)}  (${ci(s.f1Interval)})`],
    ['exact sets', `${f(s.exactSetAccuracy)}  (${ci(s.exactSetInterval)})`],
    ['coverage', f(s.coverage)],
    ['outcomes', outcomes(s.outcomes)],
    ...(s.flagged > 0
      ? ([['flagged', `${s.flagged} (the release's scorer crashes on these; scored 0)`]] as [
          string,
          string
        ][])
      : [])
  ]);
}
