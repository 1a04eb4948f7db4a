import type { DifficultyReport } from './report';

/** Which flagged stories a harder split leaves out: always the too-explicit ones. */
export interface HarderSplitRule {
  dropUnsolved: boolean;
}

/** The keys of the stories a harder split keeps, in the report's order. */
export function harderSplitKeys(report: DifficultyReport, rule: HarderSplitRule): Set<string> {
  return new Set(
    report.stories
      .filter((s) => s.flag !== 'too-explicit' && !(rule.dropUnsolved && s.flag === 'unsolved'))
      .map((s) => s.key)
  );
}

export function ruleWords(rule: HarderSplitRule): string {
  return rule.dropUnsolved
    ? 'stories flagged too explicit or unsolved left out'
    : 'stories flagged too explicit left out';
}

/** Where a harder split comes from: its source dataset, the reader runs and the rule. */
export function harderSplitProvenance(
  source: { id: string; name: string },
  report: DifficultyReport,
  rule: HarderSplitRule,
  kept: number
): string {
  const readers = report.readers.map((r) => `${r.model} (${r.task}, run ${r.id})`).join('; ');
  return (
    `A harder split of "${source.name}" (dataset ${source.id}): ${String(kept)} of ` +
    `${String(report.stories.length)} stories, ${ruleWords(rule)}, by the difficulty that ` +
    `${String(report.readers.length)} reader ${report.readers.length === 1 ? 'run' : 'runs'} measured: ${readers}.`
  );
}
