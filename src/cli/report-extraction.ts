import type { ExtractionSummary } from '../lib/core/extraction';
import type { ModelIdentity } from '../lib/core/schema/run';

const f = (x: number): string => x.toFixed(4);

export interface JudgingRow {
  id: string;
  judge: ModelIdentity;
  samples: number;
  createdAt: string;
  /** Judge calls stored, of those the judging needs. */
  done: number;
  total: number;
  complete: boolean;
}

function table(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** The judge-only score is the paper's number only when no verdict is missing from it. */
function paper(s: ExtractionSummary): string {
  const unread = s.unparseable + s.notJudged + s.judgeFailed;
  return unread === 0
    ? '; paper-compatible'
    : `; not paper-compatible: ${unread} unread verdicts or stories left out`;
}

/** The judge score of a value-extraction run and every way a verdict can be missing. */
export function extractionTable(s: ExtractionSummary, judging: JudgingRow): string {
  const u = s.judgeUsage;
  const rows: [string, string][] = [
    ['task', 'value extraction (LLM judge)'],
    ['judge', `${judging.judge.model} (${judging.judge.provider}), judging ${judging.id}`],
    ['stories', `${s.n} (${s.goldValues} gold values)`],
    [
      'score',
      s.score === null || s.scoreInterval === null
        ? 'no readable verdict  (no gold value can be counted yet)'
        : `${f(s.score)}  (95% CI ${f(s.scoreInterval.low)}-${f(s.scoreInterval.high)}, mean over counted gold values${paper(s)})`
    ],
    ['lower bound', `${s.lowerBound === null ? '—' : f(s.lowerBound)}  (every unread verdict counted as 0)`],
    ['judged values', `${s.judged} of ${s.goldValues} (verdict coverage ${f(s.verdictCoverage)})`],
    ['unparseable', `${s.unparseable} verdicts the judge gave but that cannot be read (not counted)`],
    [
      'no prediction',
      `${s.noPrediction} stories (${s.noPredictionValues} values scored 0, as the release does)`
    ],
    ['errors', `${s.error} stories without a model response (values scored 0)`],
    [
      'not scored',
      `${s.notJudged} stories not judged yet; judge failed on ${s.judgeFailed} (not in outcomes)`
    ],
    [
      'outcomes',
      Object.entries(s.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    ],
    [
      'judge usage',
      `${u.calls} calls (${u.refused} replies refused as unreadable), tokens ${u.promptTokens}+${u.completionTokens}, ${(u.ms / 1000).toFixed(1)} s`
    ]
  ];
  const extra = s.items.filter((i) => i.extra.length > 0).length;
  if (extra > 0) rows.push(['flagged', `${extra} judge replies scored values that do not exist`]);
  const c = s.consistency;
  if (c !== undefined) {
    const agree = c.allAgree === null ? 'n/a' : f(c.allAgree);
    const kappa = c.fleissKappa === null ? 'n/a' : f(c.fleissKappa);
    rows.push([
      'consistency',
      `${c.samples} samples: all agree on ${agree} of ${c.values} values, Fleiss' kappa ${kappa}`
    ]);
    rows.push(['per sample', c.scorePerSample.map((x) => (x === null ? 'n/a' : f(x))).join(', ')]);
  }
  return table(rows);
}

export function judgingsTable(rows: readonly JudgingRow[], chosen: string): string {
  return [
    'judgings:',
    ...rows.map(
      (r) =>
        `${r.id === chosen ? '*' : ' '} ${r.id}  ${r.judge.model} (${r.judge.provider})  k=${r.samples}  ${r.done}/${r.total}${r.complete ? '' : ' incomplete'}  ${r.createdAt}`
    )
  ].join('\n');
}
