/**
 * `npm run bench leaderboard`: the leaderboard's load time with 200 runs of 10,000 responses
 * each stored in IndexedDB (fake-indexeddb in Node, the same Dexie schema as the app):
 * (a) the first load, which scores every run and stores its aggregate; (b) a later load from
 * the stored aggregates, leaderboard rows built (the target: well under a second); (c) a load
 * after one run changed, which scores that run only. Prints figures; asserts nothing.
 * Filling the store takes a few minutes (fake-indexeddb is slow to write); BENCH_RUNS=20
 * runs a smaller version.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { buildLeaderboard, DEFAULT_FILTER, OVERALL } from '../src/lib/core/analysis';
import { datasetHash } from '../src/lib/core/dataset/hash';
import { planKeys, type RunDataset } from '../src/lib/core/dataset/run-dataset';
import { DEFAULT_SYSTEM_PROMPT } from '../src/lib/core/prompts/templates';
import { SeededRandom } from '../src/lib/core/random';
import type { Setting1Story } from '../src/lib/core/schema/release';
import { DEFAULT_SAMPLING, type RunConfig } from '../src/lib/core/schema/run';
import { leaderboardRuns } from '../src/lib/storage/aggregates';
import { CqBenchDatabase, type ResponseRecord, type RunRecord } from '../src/lib/storage/db';
import { touchRun } from '../src/lib/storage/runs';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const RESPONSES = 10_000;
const QUESTIONS_PER_STORY = 8;
const rng = new SeededRandom('leaderboard-bench');

const OPTION_LISTS = [
  [' agree ', ' neither agree or disagree ', ' disagree '],
  [' very often ', ' often ', ' not often ', ' not at all often '],
  [' yes ', ' no ']
];

function dataset(): RunDataset {
  const stories: Setting1Story[] = [];
  for (let s = 0; s < RESPONSES / QUESTIONS_PER_STORY; s++) {
    stories.push({
      story: `Story ${s}`,
      questions: Array.from({ length: QUESTIONS_PER_STORY }, (_q, i) => {
        const options = OPTION_LISTS[(s + i) % OPTION_LISTS.length]!;
        return { value: `Statement ${s}.${i}`, options, 'gold label': rng.pick(options).trim() };
      })
    });
  }
  return { id: 'bench', name: 'bench', categories: { social: { setting1: stories } } };
}

const ANSWERS = ['agree', 'disagree', 'often', 'not often', 'yes', 'no', 'I cannot tell', ''];

async function fill(db: CqBenchDatabase, data: RunDataset): Promise<void> {
  const sha256 = await datasetHash(data.categories);
  const keys = planKeys(data, 'attitude');
  const at = new Date('2026-11-27T10:00:00.000Z');
  for (let r = 0; r < RUNS; r++) {
    const reasoning = r % 2 === 1;
    const config: RunConfig = {
      task: 'attitude',
      dataset: { id: data.id, name: data.name, sha256 },
      categories: ['social'],
      prompt: {
        reasoning,
        shots: r % 4 < 2 ? 0 : 1,
        systemPrompt: DEFAULT_SYSTEM_PROMPT,
        templateHash: 'b'.repeat(64)
      },
      model: {
        provider: r % 5 === 0 ? 'webllm' : 'openai',
        model: `model-${r % 50}`,
        baseUrl: 'https://api.example.com/v1'
      },
      sampling: DEFAULT_SAMPLING,
      environment: { appVersion: 'bench' },
      createdAt: new Date(at.getTime() + r * 1000).toISOString()
    };
    const id = `run-${String(r).padStart(3, '0')}`;
    const run: RunRecord = {
      id,
      config,
      status: 'done',
      total: RESPONSES,
      createdAt: config.createdAt,
      updatedAt: config.createdAt
    };
    const finishedAt = config.createdAt;
    const records: ResponseRecord[] = keys.map((itemKey) => {
      const answer = rng.pick(ANSWERS);
      return {
        runId: id,
        itemKey,
        result: {
          itemKey,
          output: reasoning ? `[Evidence]: the scene.\n[Answer]: ${answer}` : answer,
          latencyMs: 120,
          attempts: 1,
          finishedAt
        }
      };
    });
    await db.transaction('rw', db.runs, db.responses, async () => {
      await db.runs.add(run);
      await db.responses.bulkAdd(records);
    });
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await f();
  return { value, ms: performance.now() - start };
}

const data = dataset();
const db = new CqBenchDatabase('leaderboard-bench');
const datasetFor = () => Promise.resolve({ dataset: data, split: Object.keys(data.categories) });
const load = async () => {
  const runs = await leaderboardRuns(db, { datasetFor });
  const view = buildLeaderboard(runs.aggregates, [], DEFAULT_FILTER);
  return { runs, view };
};

const filled = await timed(() => fill(db, data));
console.log(
  `stored ${RUNS} runs x ${RESPONSES.toLocaleString('en-US')} responses in ${(filled.ms / 1000).toFixed(1)} s (fake-indexeddb, Node ${process.version})`
);
const first = await timed(load);
const later = await timed(load);
await touchRun(db, `run-${String(Math.min(7, RUNS - 1)).padStart(3, '0')}`);
const changed = await timed(load);

const row = (label: string, r: typeof first): string =>
  `${label.padEnd(44)} ${(r.ms / 1000).toFixed(3).padStart(8)} s   recomputed ${String(r.value.runs.recomputed).padStart(3)}   rows ${r.value.view.rows.length}`;
console.log(row('(a) first load, every aggregate computed', first));
console.log(row('(b) later load, stored aggregates', later));
console.log(row('(c) load after one run changed', changed));
const best = later.value.view.rows[0]?.cells[`attitude/${OVERALL}`];
console.log(`leader: ${later.value.view.rows[0]?.label ?? '-'} at ${best?.score.toFixed(4) ?? '-'}`);
await db.delete();
