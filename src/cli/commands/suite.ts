import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, parseFlags, required, type ParsedArgs } from '../args';
import { resolveRunDataset, shippedDataset } from '../resolve-dataset';
import { untilInterrupted } from '../interrupt';
import { readRunFile } from '../jsonl-store';
import {
  checkResumable,
  judgeOf,
  MODEL_RUN_FLAGS,
  planRun,
  runConfigOf,
  runFlags,
  runOne,
  type RunFlags,
  type RunPlan
} from '../run-one';
import { suiteTable } from '../suite-table';
import type { CommandIO } from './score';
import { releaseFileKind } from '../../lib/core/formats/bundle';
import { planKeys, type RunDataset, type RunnableTask } from '../../lib/core/dataset/run-dataset';
import { SHIPPED_CATEGORIES, type ShippedCategory } from '../../lib/core/schema/value';

export const SUITE_FLAGS = {
  values: [...MODEL_RUN_FLAGS.values, 'tasks', 'settings', 'out', 'dataset', 'category'],
  switches: [...MODEL_RUN_FLAGS.switches, 'resume']
};

const TASKS = ['attitude', 'selection', 'extraction'] as const;

/** A prompt setting: plain or reasoning, zero or one shot, named as `--settings` takes it. */
interface Setting {
  name: string;
  reasoning: boolean;
  shots: 0 | 1;
}
const SETTINGS: readonly Setting[] = [
  { name: 'plain-0', reasoning: false, shots: 0 },
  { name: 'plain-1', reasoning: false, shots: 1 },
  { name: 'reasoning-0', reasoning: true, shots: 0 },
  { name: 'reasoning-1', reasoning: true, shots: 1 }
];

/** The run file of one task in one setting, named so a listing of DIR reads as the suite's table. */
export function suiteRunFile(task: RunnableTask, setting: Setting): string {
  return `${task}-${setting.reasoning ? 'reasoning' : 'plain'}-${setting.shots === 1 ? 'one' : 'zero'}-shot.jsonl`;
}

/**
 * `suite`: every task in every prompt setting for one model, one run after another, each into
 * its own run file in DIR. Everything is checked before the first call; `--resume` skips the
 * finished runs and continues the interrupted one, asking only the items it lacks.
 */
export async function suiteCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseFlags(argv, SUITE_FLAGS, 'suite');
  const tasks = listFlag(args, 'tasks', TASKS, (t) => t);
  const settings = listFlag(args, 'settings', SETTINGS, (s) => s.name);
  const dir = required(args, 'out', 'suite');
  const resume = args.switches.has('resume');
  const flags = runFlags(args, 'suite');
  checkJudge(tasks, settings, flags);
  const datasetFor = datasetSource(args);
  const plans = tasks.flatMap((task) => {
    const dataset = datasetFor(task);
    const judge = task === 'extraction' ? judgeOf(args, flags, dataset, 'suite') : undefined;
    return settings.map((setting) =>
      planRun({
        command: 'suite',
        task,
        dataset,
        reasoning: setting.reasoning,
        shots: setting.shots,
        flags,
        ...(judge === undefined ? {} : { judge }),
        out: join(dir, suiteRunFile(task, setting)),
        resume
      })
    );
  });
  await prepareDir(dir, plans, resume);

  return untilInterrupted(async (signal) => {
    for (const [i, plan] of plans.entries()) {
      const label = `suite: run ${i + 1} of ${plans.length}, ${plan.out}`;
      if (resume && (await isFinished(plan))) {
        io.err(`${label}: finished before, skipped`);
        continue;
      }
      io.err(label);
      const end = await runOne(plan, signal, io);
      if (end.failed !== undefined) io.err(end.failed);
      if (!end.finished) {
        io.err(`suite: stopped at ${plan.out}; continue with the same command and --resume`);
        return end.code;
      }
    }
    const table = await suiteTable(plans.map((p) => p.out));
    io.out(table.text);
    if (table.failed === 0) return 0;
    // Failed items are not answers: a script must not take a suite with holes for a whole one.
    const items = table.failed === 1 ? '1 item' : `${table.failed} items`;
    io.err(`error: ${items} of the suite failed, with no answer (see the table)`);
    return 1;
  });
}

/** A comma-separated flag of known names, each once, in the order given. */
function listFlag<T>(args: ParsedArgs, flag: string, known: readonly T[], nameOf: (t: T) => string): T[] {
  const names = required(args, flag, 'suite').split(',');
  const seen = new Set<string>();
  return names.map((name) => {
    const found = known.find((k) => nameOf(k) === name.trim());
    if (found === undefined)
      throw new CliError(
        `suite: --${flag} takes a comma-separated list of ${known.map(nameOf).join(', ')}; got "${name}"`
      );
    if (seen.has(nameOf(found))) throw new CliError(`suite: --${flag} names ${nameOf(found)} twice`);
    seen.add(nameOf(found));
    return found;
  });
}

/** Value extraction is zero-shot and needs its judge; judge flags are for it alone. */
function checkJudge(tasks: readonly RunnableTask[], settings: readonly Setting[], flags: RunFlags): void {
  if (!tasks.includes('extraction')) {
    if (flags.judgeFlag !== undefined)
      throw new CliError(`suite: --${flags.judgeFlag} applies to --tasks extraction only`);
    return;
  }
  const oneShot = settings.find((s) => s.shots === 1);
  if (oneShot !== undefined)
    throw new CliError(
      `suite: value extraction is zero-shot only; --settings ${oneShot.name} cannot run with --tasks extraction ` +
        '(make a separate suite for extraction)'
    );
  if (flags.judgeFlag === undefined)
    throw new CliError(
      'suite: --tasks extraction needs its judge: add --judge-provider PRESET --judge-model NAME'
    );
}

/**
 * `--dataset shipped` (the default) runs the shipped stories of `--category` (all by default);
 * `--dataset FOLDER` the release files in a folder (such as one `import` made) of one category.
 */
function datasetSource(args: ParsedArgs): (task: RunnableTask) => RunDataset {
  const source = args.values.get('dataset') ?? 'shipped';
  const categories = args.values.get('category')?.split(',');
  if (source === 'shipped') {
    if (categories !== undefined && new Set(categories).size < categories.length)
      throw new CliError('suite: --category names a category twice');
    const chosen = (categories ?? SHIPPED_CATEGORIES).map((c): ShippedCategory => {
      const known = SHIPPED_CATEGORIES.find((s) => s === c);
      if (known === undefined)
        throw new CliError(
          `suite: --category must name shipped categories (${SHIPPED_CATEGORIES.join(', ')}); got "${c}"`
        );
      return known;
    });
    const dataset = shippedDataset(chosen);
    return () => dataset;
  }
  let names: string[];
  try {
    names = readdirSync(source);
  } catch {
    throw new CliError(
      `suite: --dataset must be "shipped" or a folder of release files; cannot read ${source}`
    );
  }
  const files = names.flatMap((name) => {
    const kind = releaseFileKind(name);
    return kind === undefined ? [] : [{ name, ...kind }];
  });
  const inFolder = [...new Set(files.map((f) => f.category))];
  // A run on a release file names the file, so it can be scored again later: one category.
  const category =
    categories?.length === 1 ? categories[0]! : inFolder.length === 1 ? inFolder[0]! : undefined;
  if (category === undefined)
    throw new CliError(
      `suite: with --dataset ${source}, choose one --category (the folder has: ${inFolder.join(', ') || 'no release files'})`
    );
  return (task) => {
    const kind = task === 'attitude' ? 'setting1' : task === 'selection' ? 'setting2' : 'original';
    const file = files.find((f) => f.category === category && f.kind === kind);
    if (file === undefined)
      throw new CliError(`suite: ${source} has no ${kind} file of category ${category} for --tasks ${task}`);
    return resolveRunDataset(join(source, file.name), task);
  };
}

/**
 * A new suite needs a folder without run files (it never mixes with another suite's); a resumed
 * one may only hold runs made with the same settings, checked before anything is asked.
 */
async function prepareDir(dir: string, plans: readonly RunPlan[], resume: boolean): Promise<void> {
  if (!resume) {
    const runs = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.jsonl')) : [];
    if (runs.length > 0)
      throw new CliError(
        `suite: ${dir} already holds run files (${runs[0]!}${runs.length > 1 ? ', ...' : ''}); add --resume to continue that suite, or choose another --out`
      );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(
      `suite: cannot make the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
  for (const plan of plans)
    if (existsSync(plan.out)) await checkResumable(plan.out, await runConfigOf(plan), 'suite');
}

/** A run whose file holds a response for every item (a value-extraction run also needs judging). */
async function isFinished(plan: RunPlan): Promise<boolean> {
  if (plan.task === 'extraction' || !existsSync(plan.out)) return false;
  const stored = new Set((await readRunFile(plan.out)).results.map((r) => r.itemKey));
  return planKeys(plan.dataset, plan.task).every((k) => stored.has(k));
}
