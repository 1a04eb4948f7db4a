/**
 * `npm run bench runner`: the run engine's throughput against a local OpenAI-compatible
 * server that answers every request after a fixed latency, at several concurrencies, as a
 * share of the ideal (concurrency / latency). The real HTTP provider (streaming), runner and
 * prompts are used, so whatever falls short of the ideal is the cost of our side per request.
 * Each level runs twice: with the server in this process (one thread does both ends, so the
 * server's work delays the client's) and in a child process (as a real server would be).
 * Prints figures; asserts nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadShipped } from '../src/cli/shipped-from-disk';
import { createRunFile, JsonlResultStore } from '../src/cli/jsonl-store';
import type { ChatModel, ResultStore } from '../src/lib/core/ports';
import { releaseFilesOf } from '../src/lib/core/dataset/shipped-benchmark';
import { planCategories } from '../src/lib/core/dataset/run-dataset';
import { planRun, type RunItem } from '../src/lib/core/runner/plan';
import { runItems } from '../src/lib/core/runner/runner';
import { MemoryStore } from '../src/lib/core/runner/testing';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../src/lib/core/prompts/templates';
import { DEFAULT_SAMPLING, type RunConfig } from '../src/lib/core/schema/run';
import { SHIPPED_CATEGORIES } from '../src/lib/core/schema/value';
import { createHttpModel } from '../src/lib/models/registry';
import { startOpenAIServer } from '../tests/servers/openai-server';

const LATENCY_MS = 200;
/** Seconds each level takes at the ideal rate: long enough that start-up and the tail are small. */
const TARGET_SECONDS = 4;
const LEVELS = [1, 4, 16, 32];
/** A short attitude answer, streamed as ~20 chunks as a real model's would be. */
const ANSWER =
  '[Answer]: Strongly agree. The characters repeatedly defend the idea, and nobody in the scene disagrees with it.';

// The shipped benchmark's attitude-detection prompts (260 of them, ~6 KB each), repeated
// under fresh keys when a level needs more items, so requests carry real prompt sizes.
const shipped = loadShipped();
const dataset = {
  id: 'shipped',
  name: 'shipped',
  categories: Object.fromEntries(SHIPPED_CATEGORIES.map((c) => [c, releaseFilesOf(shipped, c)]))
};
const basePlan = planRun({
  categories: planCategories(dataset, 'attitude'),
  setting: { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT },
  templates: DEFAULT_TEMPLATES
});

function planOf(n: number): RunItem[] {
  return Array.from({ length: n }, (_, i) => {
    const item = basePlan[i % basePlan.length]!;
    return { ...item, key: `${item.key}#${Math.floor(i / basePlan.length)}` };
  });
}

const itemsAt = (concurrency: number): number =>
  Math.round((TARGET_SECONDS * concurrency * 1000) / LATENCY_MS);

interface Server {
  label: string;
  url: string;
  /** CPU time of the server's own process so far; undefined when it is this process. */
  cpuMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

async function serverHere(): Promise<Server> {
  const server = await startOpenAIServer({ answer: () => ANSWER, latencyMs: LATENCY_MS });
  return {
    label: 'same process',
    url: server.url,
    cpuMs: () => Promise.resolve(undefined),
    close: () => server.close()
  };
}

/** The next message from the child that `pick` accepts. */
function nextMessage<T>(child: ChildProcess, pick: (message: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      const value = pick(message);
      if (value === undefined) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(value);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`the server process exited (${String(code)})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const field = (message: unknown, name: string): unknown =>
  typeof message === 'object' && message !== null ? (message as Record<string, unknown>)[name] : undefined;

async function serverInChild(): Promise<Server> {
  // fork passes on this process's --import tsx, so the child runs TypeScript too.
  const child = fork(fileURLToPath(new URL('./openai-server-child.ts', import.meta.url)), [
    String(LATENCY_MS),
    ANSWER
  ]);
  try {
    const url = await nextMessage(child, (m) => {
      const value = field(m, 'url');
      return typeof value === 'string' ? value : undefined;
    });
    return {
      label: 'child process',
      url,
      cpuMs: () => {
        const reply = nextMessage(child, (m) => {
          const value = field(m, 'cpuMs');
          return typeof value === 'number' ? value : undefined;
        });
        child.send('cpu');
        return reply;
      },
      close: async () => {
        const exited = new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
        });
        child.send('close');
        await exited;
      }
    };
  } catch (e) {
    child.kill();
    throw e;
  }
}

interface Measured {
  server: string;
  store: string;
  concurrency: number;
  items: number;
  seconds: number;
  /** Mean time in the model call, as the runner records it (request sent to answer parsed). */
  requestMs: number;
  /** Mean time in `store.save`. */
  saveMs: number;
  /** CPU time of this process per item (client, runner, store, and the server when it is here). */
  cpuMs: number;
  /** CPU time of the server's process per item, when it has its own. */
  serverCpuMs: number | undefined;
}

let runs = 0;

async function measure(
  server: Server,
  model: ChatModel,
  storeLabel: string,
  store: ResultStore,
  concurrency: number,
  n: number
): Promise<Measured> {
  const items = planOf(n);
  const runId = `bench-${++runs}`;
  let requestMs = 0;
  let saveMs = 0;
  const timed: ResultStore = {
    storedKeys: (id) => store.storedKeys(id),
    save: async (id, result) => {
      requestMs += result.latencyMs;
      const start = performance.now();
      await store.save(id, result);
      saveMs += performance.now() - start;
    }
  };
  const serverCpu0 = await server.cpuMs();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const outcome = await runItems(model, items, timed, runId, { sampling: DEFAULT_SAMPLING, concurrency });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverCpu1 = await server.cpuMs();
  // A run that stopped or retried would make its figure meaningless: say so loudly.
  const p = outcome.progress;
  if (outcome.status !== 'completed' || p.answered !== n || p.retries > 0)
    console.error(
      `warning: c=${concurrency}: ${outcome.status}, ${p.answered}/${n} answered, ${p.retries} retries`
    );
  return {
    server: server.label,
    store: storeLabel,
    concurrency,
    items: n,
    seconds,
    requestMs: requestMs / n,
    saveMs: saveMs / n,
    cpuMs: (cpu.user + cpu.system) / 1000 / n,
    serverCpuMs:
      serverCpu0 === undefined || serverCpu1 === undefined ? undefined : (serverCpu1 - serverCpu0) / n
  };
}

const COLUMNS: [string, number][] = [
  ['server', 13],
  ['store', 13],
  ['concurrency', 11],
  ['items', 5],
  ['seconds', 7],
  ['items/s', 7],
  ['ideal/s', 7],
  ['% ideal', 7],
  ['request ms', 10],
  ['save ms', 7],
  ['CPU ms/item', 11],
  ['server CPU ms/item', 18]
];

function line(cells: string[]): string {
  return cells
    .map((cell, i) => (i < 2 ? cell.padEnd(COLUMNS[i]![1]) : cell.padStart(COLUMNS[i]![1])))
    .join('  ');
}

function row(m: Measured): string {
  const rate = m.items / m.seconds;
  const ideal = m.concurrency / (LATENCY_MS / 1000);
  return line([
    m.server,
    m.store,
    String(m.concurrency),
    String(m.items),
    m.seconds.toFixed(2),
    rate.toFixed(1),
    ideal.toFixed(1),
    ((100 * rate) / ideal).toFixed(1),
    m.requestMs.toFixed(1),
    m.saveMs.toFixed(2),
    m.cpuMs.toFixed(2),
    m.serverCpuMs === undefined ? 'in CPU ms/item' : m.serverCpuMs.toFixed(2)
  ]);
}

function modelAt(url: string): ChatModel {
  // The provider's own concurrency is irrelevant: the runner's `concurrency` option wins.
  return createHttpModel('openai', { baseUrl: url, model: 'fake-model', stream: true });
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

console.log(
  `server latency ${LATENCY_MS} ms; ${basePlan.length} shipped attitude prompts, repeated; streamed answer of ${ANSWER.length} characters`
);
// Other work on the machine takes CPU from both ends of the exchange: the figures mean
// little without it.
console.log(`load average before: ${load()}`);
console.log(line(COLUMNS.map(([name]) => name)));

const tmp = await mkdtemp(join(tmpdir(), 'cqbench-runner-bench-'));
try {
  for (const start of [serverHere, serverInChild]) {
    const server = await start();
    try {
      const model = modelAt(server.url);
      // Warm-up: JIT, schemas and keep-alive connections, so the first level is not charged for them.
      await measure(server, model, 'warm-up', new MemoryStore(), 32, 64);
      for (const c of LEVELS)
        console.log(row(await measure(server, model, 'memory', new MemoryStore(), c, itemsAt(c))));

      if (server.label === 'same process') {
        // The CLI's store: each response appended and fsynced before its worker moves on.
        const path = join(tmp, 'run.jsonl');
        const config: RunConfig = {
          task: 'attitude',
          dataset: { id: 'shipped', name: 'shipped', sha256: '0'.repeat(64) },
          categories: [...SHIPPED_CATEGORIES],
          prompt: {
            reasoning: false,
            shots: 0,
            systemPrompt: DEFAULT_SYSTEM_PROMPT,
            templateHash: '0'.repeat(64)
          },
          model: model.identity,
          sampling: DEFAULT_SAMPLING,
          environment: { appVersion: 'bench' },
          createdAt: new Date().toISOString()
        };
        await createRunFile(path, 'bench', config);
        const store = new JsonlResultStore(path);
        console.log(row(await measure(server, model, 'jsonl+fsync', store, 16, itemsAt(16))));
      }
    } finally {
      await server.close();
    }
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
console.log(`load average after: ${load()}`);
console.log(
  'request ms: mean time in the model call as the runner records it (the ideal is the latency); save ms: mean time in store.save;'
);
console.log(
  'CPU ms/item: this process (client, runner, store, and the server when it shares the process); server CPU: its own process.'
);
