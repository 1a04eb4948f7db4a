import { basename } from 'node:path';
import { CliError, parseFlags } from '../args';
import { readText } from '../files';
import { ANNOTATIONS_USAGE } from '../usage';
import type { CommandIO } from './score';
import { describeIssue, parseJsonText } from '../../lib/core/format-error';
import { CHECK_KINDS, type CheckKind } from '../../lib/core/checks/check-templates';
import { mergeResults, type ProjectForMerge } from '../../lib/core/annotation/merge';
import { labelsAgreement, type CheckAgreement } from '../../lib/core/annotation/project-report';
import { anchoring } from '../../lib/core/annotation/units';
import { resultsFileSchema, type ResultsFile } from '../../lib/core/annotation/schema';
import type { FigureWithInterval } from '../../lib/core/agreement/report';

interface NamedFile {
  name: string;
  text: string;
}

/**
 * `annotations agreement`: the agreement figures of annotators' results files, the same the
 * project page of the app shows once they are imported (same merge rules, same seeds). The
 * files must be of one project; the project's stories are the ones they label, each bound to
 * the text version it was labelled on.
 */
export function annotationsCommand(argv: readonly string[], io: CommandIO): number {
  const [sub, ...rest] = argv;
  if (sub !== 'agreement')
    throw new CliError(
      sub === undefined
        ? `annotations: say what to do: ${ANNOTATIONS_USAGE}`
        : `annotations: unknown subcommand "${sub}" (try: agreement)`
    );
  const paths = rest.filter((a) => !a.startsWith('--'));
  const args = parseFlags(
    rest.filter((a) => a.startsWith('--')),
    { values: [], switches: ['json'] },
    'annotations agreement'
  );
  if (paths.length === 0)
    throw new CliError(`annotations agreement: name the results files: ${ANNOTATIONS_USAGE}`);
  const files = paths.map((p) => ({ name: basename(p), text: readText(p, 'results file') }));
  const project = projectOf(files);
  const merged = mergeResults(project, files);
  if (!merged.ok)
    throw new CliError(`annotations agreement: nothing merged:\n  ${merged.errors.join('\n  ')}`);
  const agreement = labelsAgreement(project.id, project.checks, merged.labels);
  const changed = anchoring(merged.labels);
  if (args.switches.has('json'))
    io.out(
      JSON.stringify({
        projectId: project.id,
        annotators: [...merged.labels.keys()],
        anchoring: changed,
        checks: agreement.map(asJson)
      })
    );
  else io.out(table(project.id, [...merged.labels.keys()], agreement, changed));
  return 0;
}

/**
 * The project as far as its results files tell it: one project id, the annotators who sent
 * them, the checks they label, and each story with the text version the first file labelled
 * it on (a file that labelled another version is then refused by the merge, named).
 */
function projectOf(files: readonly NamedFile[]): ProjectForMerge {
  const parsed: { name: string; results: ResultsFile }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      const result = resultsFileSchema.safeParse(parseJsonText(file.name, file.text));
      if (result.success) parsed.push({ name: file.name, results: result.data });
      else {
        const { where, detail } = describeIssue(result.error, 'label');
        problems.push(
          `${file.name}: not a results file of this tool (${where ? `${where}: ` : ''}${detail})`
        );
      }
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (problems.length > 0)
    throw new CliError(`annotations agreement: nothing merged:\n  ${problems.join('\n  ')}`);
  const ids = new Set(parsed.map((p) => p.results.projectId));
  if (ids.size > 1)
    throw new CliError(
      `annotations agreement: the files belong to ${ids.size} projects: ${parsed
        .map((p) => `${p.name} (${p.results.projectId})`)
        .join(', ')}`
    );
  const checks = new Set<CheckKind>();
  const stories = new Map<string, { textHash: string; valueCount: number }>();
  for (const { results } of parsed)
    for (const label of results.labels) {
      checks.add(label.check);
      const story = stories.get(label.storyId);
      if (story === undefined)
        stories.set(label.storyId, { textHash: label.textHash, valueCount: label.valueIndex + 1 });
      else story.valueCount = Math.max(story.valueCount, label.valueIndex + 1);
    }
  return {
    id: parsed[0]!.results.projectId,
    annotators: parsed.map((p) => p.results.annotator),
    checks: CHECK_KINDS.filter((c) => checks.has(c)),
    stories
  };
}

function figureJson(f: FigureWithInterval): Record<string, unknown> {
  return f.figure.defined
    ? { value: f.figure.value, ...(f.interval === undefined ? {} : { interval: f.interval }) }
    : { value: null, reason: f.figure.reason };
}

function asJson({ check, stage, report }: CheckAgreement): Record<string, unknown> {
  return {
    check,
    stage,
    n: report.n,
    coders: report.coders,
    prevalence: Object.fromEntries(report.prevalence),
    raw: figureJson(report.raw),
    fleissKappa: figureJson(report.fleissKappa),
    alpha: figureJson(report.alpha),
    ac1: figureJson(report.ac1),
    pairs: report.pairs.map((p) => ({
      a: p.a,
      b: p.b,
      n: p.n,
      kappa: p.kappa.defined ? p.kappa.value : null,
      ...(p.kappa.defined ? {} : { reason: p.kappa.reason })
    }))
  };
}

const three = (x: number): string => x.toFixed(3);

function cell(f: FigureWithInterval): string {
  if (!f.figure.defined) return 'undefined';
  const interval = f.interval === undefined ? '' : ` [${three(f.interval.low)}–${three(f.interval.high)}]`;
  return `${three(f.figure.value)}${interval}`;
}

function table(
  projectId: string,
  annotators: readonly string[],
  agreement: readonly CheckAgreement[],
  changed: { changed: number; total: number }
): string {
  const header = ['check', 'labels', 'n', 'pass share', 'raw', "Fleiss' κ", "Krippendorff's α", 'AC1'];
  const rows = agreement.map(({ check, stage, report }) => [
    check,
    stage,
    String(report.n),
    three(report.prevalence.get('pass') ?? 0),
    cell(report.raw),
    cell(report.fleissKappa),
    cell(report.alpha),
    cell(report.ac1)
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((x, c) => x.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const reasons = [
    ...new Set(
      agreement.flatMap(({ report }) =>
        [report.raw, report.fleissKappa, report.alpha, report.ac1].flatMap((f) =>
          f.figure.defined ? [] : [f.figure.reason]
        )
      )
    )
  ];
  const pairs = agreement.flatMap(({ check, stage, report }) =>
    report.pairs.map(
      (p) =>
        `  ${check} (${stage}): ${p.a} × ${p.b}, n=${p.n}: ${p.kappa.defined ? three(p.kappa.value) : 'undefined'}`
    )
  );
  return [
    `project ${projectId}; annotators: ${annotators.join(', ')}`,
    '95% intervals resample stories; "blind" is before the model\'s verdicts were shown, "final" after.',
    '',
    line(header),
    ...rows.map(line),
    ...(reasons.length > 0 ? ['', ...reasons.map((r) => `undefined: ${r}`)] : []),
    ...(pairs.length > 0 ? ['', "Cohen's κ per pair of annotators:", ...pairs] : []),
    '',
    `labels changed after the reveal: ${changed.changed} of ${changed.total}`
  ].join('\n');
}
