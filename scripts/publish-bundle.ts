// Turns a CLI run file (RUN.jsonl, from `cqbench run`) into a run bundle in static/leaderboard/
// and lists it in static/leaderboard/index.json, so the next build shows it on the public
// leaderboard. Usage:
//   npx tsx scripts/publish-bundle.ts RUN.jsonl [--note "what the run is"] [--dir static/leaderboard]
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRunFile } from '../src/cli/jsonl-store';
import { datasetOfRunFile, isComplete, judgeKeys } from '../src/cli/judge-pass';
import { planKeys } from '../src/lib/core/dataset/run-dataset';
import { SHIPPED_DATASET_ID } from '../src/lib/core/dataset/view';
import { SHIPPED_CATEGORIES } from '../src/lib/core/schema/value';
import { scoringJudging } from '../src/lib/core/extraction';
import { exportRunBundle, runBundleFileName, runBundleText } from '../src/lib/core/analysis';

interface IndexEntry {
  file: string;
  note?: string;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function readIndex(path: string): IndexEntry[] {
  if (!existsSync(path)) return [];
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof data !== 'object' || data === null || !('bundles' in data) || !Array.isArray(data.bundles))
    throw new Error(`${path}: expected {"bundles": [...]}`);
  return data.bundles.flatMap((entry: unknown): IndexEntry[] => {
    if (typeof entry !== 'object' || entry === null || !('file' in entry) || typeof entry.file !== 'string')
      return [];
    return 'note' in entry && typeof entry.note === 'string'
      ? [{ file: entry.file, note: entry.note }]
      : [{ file: entry.file }];
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const note = option(args, '--note');
  const dir = option(args, '--dir') ?? 'static/leaderboard';
  const [runPath] = args;
  if (runPath === undefined || args.length !== 1)
    throw new Error('usage: tsx scripts/publish-bundle.ts RUN.jsonl [--note TEXT] [--dir DIR]');
  const run = await readRunFile(runPath);
  // The public leaderboard checks every bundle against the benchmark the build ships; a run on
  // any other dataset could never be shown there.
  if (run.config.dataset.id !== SHIPPED_DATASET_ID)
    throw new Error(
      `${runPath} was run on "${run.config.dataset.name}"; only runs on the shipped benchmark ` +
        '(cqbench run --dataset all, or one shipped category) can be published'
    );
  // Refused too when the shipped benchmark has changed since the run was made.
  const dataset = await datasetOfRunFile(runPath, run);
  const planned = planKeys(dataset, run.config.task).length;
  // The judging that gives the score: the app's and the CLI's rule (the first complete one).
  const judging = scoringJudging(run.judgings, (j) =>
    isComplete(j, judgeKeys(run, dataset, j.config.samples))
  );
  const bundle = await exportRunBundle({
    id: run.id,
    // Only runs on the shipped benchmark are published: its categories are the whole split.
    split: SHIPPED_CATEGORIES,
    config: run.config,
    status: run.results.length >= planned ? 'done' : 'stopped',
    createdAt: run.config.createdAt,
    updatedAt: run.config.createdAt,
    dataset,
    results: run.results,
    ...(judging === undefined ? {} : { judging })
  });
  mkdirSync(dir, { recursive: true });
  const file = runBundleFileName(bundle);
  writeFileSync(join(dir, file), runBundleText(bundle));
  const indexPath = join(dir, 'index.json');
  const entries = readIndex(indexPath).filter((e) => e.file !== file);
  entries.push(note === undefined ? { file } : { file, note });
  writeFileSync(indexPath, `${JSON.stringify({ bundles: entries }, null, 2)}\n`);
  console.log(
    `wrote ${join(dir, file)} (${String(run.results.length)} responses) and listed it in ${indexPath}`
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
