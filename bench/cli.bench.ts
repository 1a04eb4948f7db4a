/**
 * `npm run bench cli`: the bundled CLI (dist/cqbench.mjs, rebuilt first so it is the current
 * source) against the same CLI under tsx (how `npm run cqbench` ran before the bundle), as whole
 * processes: start-up (`--help`), scoring 16,000 attitude answers and 5,000 value-selection
 * answers from release files. Each figure is the median of several runs; the ratio is tsx's
 * time over the bundle's, both measured here. Targets: start under 200 ms, scoring at least
 * 3× (attitude) and 2× (selection) faster. A run that fails or a score that differs between the
 * two is an error, never a figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readPool } from '../src/lib/core/formats/pool';
import { attitudesOf, formatValue, parseOptionList } from '../src/lib/core/formats/values';
import { SeededRandom } from '../src/lib/core/random';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'cqbench-cli-bench-'));
process.on('exit', () => {
  rmSync(dir, { recursive: true, force: true });
});

const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('building dist/cqbench.mjs failed');

const BUNDLE = [process.execPath, 'dist/cqbench.mjs'];
const TSX = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];

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
      const options = parseOptionList(entry.option);
      questions.push({
        value: entry.q_content,
        options: options.map((o) => ` ${o}`),
        'gold label': rng.pick(options)
      });
      const answer = rng.pick(options);
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

/** Runs one command RUNS times (its output checked identical each time); medians of its times. */
function measure(command: readonly string[], args: readonly string[]): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  const outFile = join(dir, 'out.txt');
  let out: string | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    // The shell's `times` prints its children's user and system time once the command is done.
    const r = spawnSync(
      'sh',
      ['-c', `"$@" > ${outFile}; s=$?; times >&2; exit $s`, 'sh', ...command, ...args],
      {
        encoding: 'utf8'
      }
    );
    walls.push(performance.now() - start);
    if (r.status !== 0)
      throw new Error(`${[...command, ...args].join(' ')} failed (exit ${String(r.status)}): ${r.stderr}`);
    const children = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(r.stderr);
    if (children === null) throw new Error(`no CPU times from the shell: ${r.stderr}`);
    const [, um, us, sm, ss] = children.map(Number) as [number, number, number, number, number];
    cpus.push((um * 60 + us + sm * 60 + ss) * 1000);
    const text = readFileSync(outFile, 'utf8');
    if (out !== undefined && text !== out) throw new Error(`${command.join(' ')} gave different outputs`);
    out = text;
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: median(walls), cpu: median(cpus), out: out ?? '' };
}

const rows: [string, Timing, Timing, string][] = [];
function compare(
  label: string,
  args: readonly string[],
  target: string,
  same: (out: string) => unknown
): void {
  const bundle = measure(BUNDLE, args);
  const tsx = measure(TSX, args);
  if (JSON.stringify(same(bundle.out)) !== JSON.stringify(same(tsx.out)))
    throw new Error(`${label}: the bundle and tsx disagree`);
  rows.push([label, bundle, tsx, target]);
}

const scores = (out: string): unknown => {
  const { items, ...rest } = JSON.parse(out) as { items: unknown[] };
  return { ...rest, items: items.length };
};

compare('start (--help)', ['--help'], 'bundle < 200 ms', (o) => o);
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
  '≥ 3× faster',
  scores
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
  '≥ 2× faster',
  scores
);

const ms = (x: number): string => `${x.toFixed(0)} ms`.padStart(8);
console.log(`whole processes, median of ${RUNS} runs each; CPU = user + system time of the process`);
console.log(
  `${'measure'.padEnd(31)} ${'bundle CPU'.padStart(10)} ${'tsx CPU'.padStart(8)} ${'ratio'.padStart(6)}  ` +
    `${'bundle wall'.padStart(11)} ${'tsx wall'.padStart(8)} ${'ratio'.padStart(6)}  target`
);
for (const [label, bundle, tsx, target] of rows)
  console.log(
    `${label.padEnd(31)} ${ms(bundle.cpu).padStart(10)} ${ms(tsx.cpu)} ${`${(tsx.cpu / bundle.cpu).toFixed(2)}×`.padStart(6)}  ` +
      `${ms(bundle.wall).padStart(11)} ${ms(tsx.wall)} ${`${(tsx.wall / bundle.wall).toFixed(2)}×`.padStart(6)}  ${target}`
  );
