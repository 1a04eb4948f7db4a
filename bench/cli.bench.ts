/**
 * `npm run bench cli`: the bundled CLI (dist/cqbench.mjs, rebuilt first so it is the current
 * source) against the CLI as it was before it was bundled and its scoring sped up (commit
 * BEFORE below, extracted from git into a temporary folder and run under tsx as `npm run
 * cqbench` ran it then), as whole processes: start-up (`--help`), scoring 16,000 attitude
 * answers and 5,000 value-selection answers from release files. Each figure is the median of
 * several runs, the sides taking turns in the same run. Targets: start under 200 ms, scoring
 * at least 3× (attitude) and 2× (selection) faster than before. The current tsx run of the same
 * source is printed too, as the share of the gain that comes from bundling alone. A run that
 * fails, or a side that scores another number of items, is an error, never a figure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readPool } from '../src/lib/core/formats/pool';
import { attitudesOf, formatValue, parseOptionList } from '../src/lib/core/formats/values';
import { SeededRandom } from '../src/lib/core/random';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'cqbench-cli-bench-'));
process.on('exit', () => {
  rmSync(dir, { recursive: true, force: true });
});

const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('building dist/cqbench.mjs failed');

/** The last commit before the CLI was bundled and its scorer's hot spots were removed. */
const BEFORE = 'a290f6353d53ab56eaeac1112127373d03a97501';
const before = join(dir, 'before');
mkdirSync(before);
try {
  const archive = execFileSync('git', ['archive', BEFORE], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', before], { input: archive });
} catch (e) {
  throw new Error(`cannot extract commit ${BEFORE} (the bench needs the git history): ${String(e)}`);
}
symlinkSync(resolve('node_modules'), join(before, 'node_modules'));

const BUNDLE = [process.execPath, resolve('dist/cqbench.mjs')];
const TSX = [process.execPath, '--import', 'tsx', resolve('src/cli/main.ts')];
const BEFORE_TSX = [process.execPath, '--import', 'tsx', join(before, 'src/cli/main.ts')];

const pool = readPool('WVQ_simple.jsonl', readFileSync('datasets/values/WVQ_simple.jsonl', 'utf8'));
const rng = new SeededRandom('cli-bench');
const pairs = pool.flatMap((e) =>
  attitudesOf(e).map((a) => formatValue({ statement: e.q_content, attitude: a }))
);

/** A setting-1 file of `n` questions (8 per story) and answers in the shapes models write. */
function attitudeFiles(n: number): { dataset: string; predictions: string } {
  const stories = [];
  const outputs: string[] = [];
  for (let s = 0; s < n / 8; s++) {
    const questions = [];
    for (let q = 0; q < 8; q++) {
      const entry = rng.pick(pool);
      // As the release writes them: raw options (spaces kept), the gold label a bare attitude.
      const attitudes = attitudesOf(entry);
      questions.push({
        value: entry.q_content,
        options: parseOptionList(entry.option),
        'gold label': rng.pick(attitudes)
      });
      const answer = rng.pick(attitudes);
      outputs.push(rng.next() < 0.5 ? answer : `I think the answer is ${answer.toLowerCase()}.`);
    }
    stories.push({ story: `Story ${s}`, questions });
  }
  const dataset = join(dir, 'dataset_setting1_bench.json');
  const predictions = join(dir, 'results_1_bench.json');
  writeFileSync(dataset, JSON.stringify(stories));
  writeFileSync(predictions, JSON.stringify(outputs));
  return { dataset, predictions };
}

/** A setting-2 file of `n` stories (15 options, 5 gold) and answers listing 5 options each. */
function selectionFiles(n: number): { dataset: string; predictions: string } {
  const items = [];
  const outputs: string[] = [];
  for (let i = 0; i < n; i++) {
    const options = rng.sample(pairs, 15);
    items.push({ story: `Story ${i}`, options: rng.shuffle(options), values: options.slice(0, 5) });
    outputs.push(rng.sample(options, 5).join('\n'));
  }
  const dataset = join(dir, 'dataset_setting2_bench.json');
  const predictions = join(dir, 'results_2_bench.json');
  writeFileSync(dataset, JSON.stringify(items));
  writeFileSync(predictions, JSON.stringify(outputs));
  return { dataset, predictions };
}

interface Timing {
  /** Median wall-clock time, ms. */
  wall: number;
  /** Median CPU time (user + system) of the process, ms: steadier than wall time on a shared machine. */
  cpu: number;
  out: string;
}

interface Side {
  command: readonly string[];
  args: readonly string[];
  cwd: string;
}

/** Runs `side` once: its wall and CPU time (user + system of the process) and its output. */
function once(side: Side): { wall: number; cpu: number; out: string } {
  const outFile = join(dir, 'out.txt');
  const start = performance.now();
  // The shell's `times` prints its children's user and system time once the command is done.
  const r = spawnSync(
    'sh',
    ['-c', `"$@" > ${outFile}; s=$?; times >&2; exit $s`, 'sh', ...side.command, ...side.args],
    { encoding: 'utf8', cwd: side.cwd }
  );
  const wall = performance.now() - start;
  const shown = [...side.command, ...side.args].join(' ');
  if (r.status !== 0) throw new Error(`${shown} failed (exit ${String(r.status)}): ${r.stderr}`);
  const children = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(r.stderr);
  if (children === null) throw new Error(`no CPU times from the shell: ${r.stderr}`);
  const [, um, us, sm, ss] = children.map(Number) as [number, number, number, number, number];
  return { wall, cpu: (um * 60 + us + sm * 60 + ss) * 1000, out: readFileSync(outFile, 'utf8') };
}

/**
 * Runs the sides RUNS times each, taking turns (one of each per round), so a change in the
 * machine's load during the bench falls on every side alike; medians of each side's times.
 * Each side's output must be the same every time.
 */
function measureInTurn(sides: readonly Side[]): Timing[] {
  const walls = sides.map((): number[] => []);
  const cpus = sides.map((): number[] => []);
  const outs: (string | undefined)[] = sides.map(() => undefined);
  for (let round = 0; round < RUNS; round++) {
    sides.forEach((side, i) => {
      const { wall, cpu, out } = once(side);
      walls[i]!.push(wall);
      cpus[i]!.push(cpu);
      if (outs[i] !== undefined && outs[i] !== out)
        throw new Error(`${side.command.join(' ')} gave different outputs`);
      outs[i] = out;
    });
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return sides.map((_, i) => ({ wall: median(walls[i]!), cpu: median(cpus[i]!), out: outs[i] ?? '' }));
}

interface Row {
  label: string;
  bundle: Timing;
  tsx: Timing;
  before: Timing;
  target: string;
}
const rows: Row[] = [];

/**
 * Measures one command on the three CLIs. `same` reduces an output to what must agree: the
 * current bundle and tsx give identical results; the CLI before may differ in figures (scoring
 * fixes came later) but must have scored as many items.
 */
function compare(
  label: string,
  args: readonly string[],
  target: string,
  same: (out: string) => unknown,
  sameAsBefore: (out: string) => unknown,
  beforeArgs = args
): void {
  const [bundle, tsx, old] = measureInTurn([
    { command: BUNDLE, args, cwd: process.cwd() },
    { command: TSX, args, cwd: process.cwd() },
    { command: BEFORE_TSX, args: beforeArgs, cwd: before }
  ]) as [Timing, Timing, Timing];
  if (JSON.stringify(same(bundle.out)) !== JSON.stringify(same(tsx.out)))
    throw new Error(`${label}: the bundle and tsx disagree`);
  if (JSON.stringify(sameAsBefore(bundle.out)) !== JSON.stringify(sameAsBefore(old.out)))
    throw new Error(`${label}: the bundle and the CLI before scored different items`);
  rows.push({ label, bundle, tsx, before: old, target });
}

const scores = (out: string): unknown => {
  const { items, ...rest } = JSON.parse(out) as { items: unknown[] };
  return { ...rest, items: items.length };
};
const itemCount = (out: string): unknown => (JSON.parse(out) as { n: number }).n;

// The CLI before knew `help` but not `--help`.
compare(
  'start (--help)',
  ['--help'],
  'bundle < 200 ms',
  (o) => o,
  () => true,
  ['help']
);
const attitude = attitudeFiles(16_000);
compare(
  'score 16,000 attitude answers',
  [
    'score',
    '--task',
    'attitude',
    '--dataset',
    attitude.dataset,
    '--predictions',
    attitude.predictions,
    '--json'
  ],
  '≥ 3× faster than before',
  scores,
  itemCount
);
const selection = selectionFiles(5_000);
compare(
  'score 5,000 selection answers',
  [
    'score',
    '--task',
    'selection',
    '--dataset',
    selection.dataset,
    '--predictions',
    selection.predictions,
    '--json'
  ],
  '≥ 2× faster than before',
  scores,
  itemCount
);

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const ratio = (slow: number, fast: number): string => `${(slow / fast).toFixed(2)}×`;
console.log(
  `whole processes, median of ${RUNS} runs each; CPU = user + system time of the process; ` +
    `before = commit ${BEFORE.slice(0, 7)} under tsx`
);
const table = [
  [
    'measure',
    'bundle CPU',
    'before CPU',
    'ratio',
    'bundle wall',
    'before wall',
    'ratio',
    'tsx now CPU',
    'target'
  ],
  ...rows.map((r) => [
    r.label,
    ms(r.bundle.cpu),
    ms(r.before.cpu),
    ratio(r.before.cpu, r.bundle.cpu),
    ms(r.bundle.wall),
    ms(r.before.wall),
    ratio(r.before.wall, r.bundle.wall),
    ms(r.tsx.cpu),
    r.target
  ])
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
for (const row of table)
  console.log(
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  );
