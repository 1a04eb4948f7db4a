import Papa from 'papaparse';
import { datasetOfCategories, planKeys, type RunDataset } from '../dataset/run-dataset';
import { FormatError } from '../format-error';
import type { ItemResult, RunConfig, Task } from '../schema/run';
import { OVERALL } from './identity';
import type { LeaderboardView } from './leaderboard';
import { importedResult, importedRunConfig, type ImportMeta, type ResultsSetting } from './release-results';
import type { ScoredRun } from './score';

/**
 * CSV in and out, through papaparse (quotes, commas and line breaks inside fields survive).
 * Every CSV this app writes goes through `csvText`, so none can carry a formula a spreadsheet
 * would run: model outputs, names and notes come from models and files anyone can write.
 */

// A text cell a spreadsheet would read as a formula (= + - @, or a tab or carriage return
// first) is written with a `'` in front, as OWASP advises. So that a round trip gives back
// exactly what was written, a cell that already starts with quotes before such a character
// gets one more, and reading takes one off any cell written so.
const FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/**
 * The one CSV writer: a header line and rows. Numbers are written as numbers (a negative one
 * is not a formula); text cells are escaped as above.
 */
export function csvText(fields: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return Papa.unparse(
    { fields: [...fields], data: rows.map((row) => [...row]) },
    { escapeFormulae: FORMULA }
  );
}

/** A cell as `csvText` was given it: the escaping quote taken off. */
export function csvCellValue(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}

const LEADERBOARD_COLUMNS = [
  'row',
  'row_type',
  'origin',
  'provider',
  'model',
  'host',
  'kind',
  'prompt',
  'shots',
  'system_prompt',
  'task',
  'category',
  'metric',
  'score',
  'ci_low',
  'ci_high',
  'interval_kind',
  'n',
  'coverage',
  'responded',
  'items',
  'run_status',
  'rank',
  'tied',
  'run_id',
  'dataset',
  'judge',
  'source',
  'note'
] as const;

const number = (v: number | null | undefined): number | '' => (v === null || v === undefined ? '' : v);

/**
 * The leaderboard as shown, in long form: one line per row and cell, so every cell keeps its
 * interval, size and provenance. `row_type` says what a row is (`run`, `reference` for a
 * chance baseline, `reported` for the paper's figures, whose prompt setting is not stated).
 */
export function leaderboardCsv(view: LeaderboardView): string {
  const data: (string | number)[][] = [];
  for (const row of view.rows) {
    const id = row.identity;
    for (const column of view.columns) {
      const cell = row.cells[column.key];
      if (cell === undefined) continue;
      data.push([
        row.label,
        row.kind,
        row.origin ?? '',
        row.provider,
        id?.model ?? '',
        id?.host ?? '',
        row.rowKind ?? '',
        id === undefined ? 'not stated' : id.setting.reasoning ? 'reasoning' : 'plain',
        id === undefined ? '' : id.setting.shots,
        id?.setting.systemPrompt ?? '',
        cell.task,
        cell.category === OVERALL ? 'overall' : cell.category,
        cell.metric,
        cell.score,
        number(cell.interval?.low),
        number(cell.interval?.high),
        cell.interval === null ? '' : (cell.intervalKind ?? '95% confidence interval'),
        number(cell.n),
        number(cell.coverage),
        number(cell.responded),
        number(cell.total),
        cell.status ?? '',
        number(cell.rank?.rank),
        cell.rank === undefined ? '' : String(cell.rank.tied),
        cell.runId ?? '',
        cell.datasetName ?? row.dataset?.name ?? '',
        cell.judge ?? '',
        [row.source, cell.where].filter((s) => s !== undefined).join('; '),
        row.note ?? ''
      ]);
    }
  }
  return csvText(LEADERBOARD_COLUMNS, data);
}

const ITEM_COLUMNS = [
  'run_id',
  'item_key',
  'category',
  'story',
  'story_title',
  'question',
  'gold_answer',
  'raw_output',
  'extracted_answer',
  'read_as',
  'outcome',
  'verdict',
  'score'
] as const;

/**
 * Every item of a scored run: `story` is the story's number in its category counted from 1 as
 * the app shows it (the `item_key` keeps the stored 0-based index), `question` the statement
 * asked about (task 1), `gold_answer` the gold attitude or the gold values one a line,
 * `raw_output` the model's text (empty with outcome `error` when there is none), `read_as` the
 * option or values the answer was read as.
 */
export function itemResultsCsv(runId: string, scored: ScoredRun): string {
  const data = scored.items.map((item) => [
    runId,
    item.key,
    item.category,
    item.story + 1,
    item.title,
    item.prompt,
    item.gold,
    item.output ?? '',
    item.answer ?? '',
    item.mapped ?? '',
    item.outcome ?? '',
    item.verdict,
    number(item.score)
  ]);
  return csvText(ITEM_COLUMNS, data);
}

interface CsvRow {
  line: number;
  fields: Record<string, string>;
}

/** Parses CSV with a header line; each record knows the line it starts on. */
function parseCsv(file: string, text: string): { fields: string[]; rows: CsvRow[] } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const headerEnd = body.indexOf('\n') + 1;
  const rows: CsvRow[] = [];
  let previous = 0;
  let failure: FormatError | undefined;
  let fields: string[] = [];
  Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: true,
    transform: csvCellValue,
    step: (result, parser) => {
      let start = Math.max(previous, rows.length === 0 ? headerEnd : 0);
      while (body[start] === '\r' || body[start] === '\n') start++;
      const line = 1 + countNewlines(body, start);
      previous = result.meta.cursor;
      fields = result.meta.fields ?? fields;
      const error = result.errors[0];
      if (error !== undefined) {
        failure = new FormatError(file, `line ${line}`, error.message);
        parser.abort();
        return;
      }
      rows.push({ line, fields: result.data });
    }
  });
  if (failure !== undefined) throw failure;
  return { fields, rows };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * A per-item CSV (columns `item_key` and `raw_output` at least, as `itemResultsCsv` writes)
 * as a run of the given task and setting on the dataset. All or nothing: an unknown or
 * repeated item key stops the import with an error naming its line. A line with an empty
 * `raw_output` and outcome `error` is an item without a response; items not listed have none.
 */
export async function importItemCsv(
  file: string,
  text: string,
  dataset: RunDataset,
  meta: ImportMeta & ResultsSetting & { task: Task }
): Promise<{ config: RunConfig; results: ItemResult[] }> {
  if (meta.model.trim() === '')
    throw new FormatError(file, '', 'give the name of the model that wrote these outputs');
  const { fields, rows } = parseCsv(file, text);
  for (const column of ['item_key', 'raw_output'])
    if (!fields.includes(column)) throw new FormatError(file, 'line 1', `no "${column}" column`);
  if (rows.length === 0) throw new FormatError(file, '', 'no items');
  let keys: Set<string>;
  try {
    keys = new Set(planKeys(dataset, meta.task));
  } catch (e) {
    throw new FormatError(file, '', e instanceof Error ? e.message : String(e));
  }
  const now = meta.now ?? new Date().toISOString();
  const seen = new Set<string>();
  const results: ItemResult[] = [];
  for (const { line, fields: row } of rows) {
    const key = (row.item_key ?? '').trim();
    if (!keys.has(key))
      throw new FormatError(
        file,
        `line ${line}`,
        `unknown item key "${key}" (not an item of ${meta.task} in ${dataset.name})`
      );
    if (seen.has(key)) throw new FormatError(file, `line ${line}`, `item key "${key}" is listed twice`);
    seen.add(key);
    const output = row.raw_output ?? '';
    if (output === '' && row.outcome === 'error') continue;
    results.push(importedResult(key, output, now));
  }
  const categories = [...new Set([...seen].map((k) => k.slice(0, k.indexOf('/'))))];
  const picked = datasetOfCategories(dataset, categories);
  const config = await importedRunConfig(picked, meta.task, meta, { ...meta, now });
  const order = new Map(planKeys(picked, meta.task).map((k, i) => [k, i]));
  results.sort((a, b) => order.get(a.itemKey)! - order.get(b.itemKey)!);
  return { config, results };
}
