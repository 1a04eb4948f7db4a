import type { CheckRunSummary } from '../lib/core/run-kinds/check-run';
import type { CheckRunConfig } from '../lib/core/schema/check-run';

const share = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(3));

/** The pass rates of a check run as a table: per check, each category and then all. */
export function checkReport(summary: CheckRunSummary, config: CheckRunConfig): string {
  const header = ['check', 'category', 'pass rate', 'passed', 'undecided', 'unreadable', 'quotes not found'];
  const rows = summary.rates.map((r) => [
    r.check,
    r.category,
    share(r.passRate),
    `${r.passed}/${r.decided}`,
    String(r.undecided),
    String(r.unreadableSamples),
    String(r.quotesNotFound)
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((x, c) => (c < 2 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [
    `checks by ${config.model.model} (${config.model.provider}) on ${config.dataset.name}, ` +
      `${config.samples} sample${config.samples === 1 ? '' : 's'} per story and check`,
    'a value passes when most samples say so; "undecided": samples tie or none could be read ' +
      '(counted apart, never as pass or fail); "unreadable": samples whose verdict could not be read ' +
      'after asking again; "quotes not found": evidence quoted that does not occur in the story',
    '',
    line(header),
    ...rows.map(line)
  ].join('\n');
}
