/**
 * `npm run bench storage`: responses stored per second in IndexedDB in real Chromium, through
 * Dexie, in the shape the app stores them (src/lib/storage/db.ts: primary key
 * [runId+itemKey]). The app commits one transaction per response, so that each is durable on
 * its own; here that is timed one at a time and with 16 in flight (a run at concurrency 16),
 * and against all the puts batched in one transaction, to show what the per-response commit
 * costs. The app leaves durability to the browser, which since Chromium 121 means 'relaxed'
 * (a commit survives a browser crash but does not wait for the disk); 'strict' (a flush per
 * commit) is timed too, as the worst case. A page of our own is served, so no build of the
 * app is needed. Prints figures; asserts nothing.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';

/** Longest time one case may take: a slow disk cuts the count short rather than the bench hanging. */
const CASE_LIMIT_MS = 15_000;

type Durability = 'default' | 'strict' | 'relaxed';

interface Case {
  label: string;
  durability: Durability;
  /** `per-put`: one transaction per response; `batched`: all of them in one transaction. */
  mode: 'per-put' | 'batched';
  /** Puts awaiting their commit at once (per-put only). */
  inFlight: number;
  n: number;
}

const CASES: Case[] = [
  { label: 'one transaction per put', durability: 'default', mode: 'per-put', inFlight: 1, n: 2000 },
  { label: 'one transaction per put', durability: 'default', mode: 'per-put', inFlight: 16, n: 4000 },
  { label: 'one transaction per put', durability: 'strict', mode: 'per-put', inFlight: 1, n: 500 },
  { label: 'one transaction per put', durability: 'strict', mode: 'per-put', inFlight: 16, n: 1000 },
  { label: 'all puts in one transaction', durability: 'default', mode: 'batched', inFlight: 1, n: 10_000 },
  { label: 'all puts in one transaction', durability: 'strict', mode: 'batched', inFlight: 1, n: 10_000 }
];

interface CaseResult {
  done: number;
  ms: number;
  /** Records read back under the case's run id: proves the puts landed. */
  stored: number;
  /** Bytes of one record's output. */
  outputBytes: number;
}

// The page's own code, plain JavaScript for the browser: it imports Dexie as the app's bundle
// would and exposes one function that runs a case and times it with the page's clock.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>IndexedDB bench</title>
<script type="module">
  import Dexie from '/dexie.mjs';

  // Words from a fixed generator, so outputs look like text and do not compress to nothing
  // (Chromium compresses IndexedDB values).
  const WORDS = ['the', 'characters', 'clearly', 'value', 'family', 'tradition', 'agree', 'strongly',
    'disagree', 'because', 'Tomasz', 'refuses', 'letters', 'answer', 'story', 'scene', 'work',
    'respect', 'elders', 'freedom', 'duty', 'honest', 'neighbours', 'decision'];
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let pool = '';
  while (pool.length < 8192) pool += WORDS[Math.floor(random() * WORDS.length)] + (random() < 0.1 ? '.\\n' : ' ');
  const outputOf = (i) => pool.slice(i % 4096, (i % 4096) + 2048);

  function record(runId, i) {
    const itemKey = 'social/' + Math.floor(i / 8) + '/' + (i % 8);
    return {
      runId,
      itemKey,
      result: { itemKey, output: outputOf(i), latencyMs: 200 + (i % 50), attempts: 1, finishedAt: new Date().toISOString() }
    };
  }

  window.runCase = async ({ mode, durability, inFlight, n, limitMs }) => {
    const options = durability === 'default' ? {} : { chromeTransactionDurability: durability };
    const db = new Dexie('bench-' + durability, options);
    db.version(1).stores({ responses: '[runId+itemKey], runId' });
    await db.open();
    const runId = mode + '-' + inFlight + '-' + Date.now();
    const records = Array.from({ length: n }, (_, i) => record(runId, i));
    const start = performance.now();
    let done = 0;
    if (mode === 'per-put') {
      // As the app's IndexedDbResultStore.save: a put outside any transaction, which Dexie
      // wraps in a transaction of its own and resolves once that has committed.
      let next = 0;
      const worker = async () => {
        while (next < n && performance.now() - start < limitMs) {
          await db.responses.put(records[next++]);
          done++;
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    } else {
      await db.transaction('rw', db.responses, () => Promise.all(records.map((r) => db.responses.put(r))));
      done = n;
    }
    const ms = performance.now() - start;
    const stored = await db.responses.where('runId').equals(runId).count();
    db.close();
    return { done, ms, stored, outputBytes: new TextEncoder().encode(records[0].result.output).length };
  };
  window.ready = true;
</script>
`;

declare global {
  interface Window {
    ready?: boolean;
    runCase(c: {
      mode: string;
      durability: Durability;
      inFlight: number;
      n: number;
      limitMs: number;
    }): Promise<CaseResult>;
  }
}

const dexie = await readFile(new URL('../node_modules/dexie/dist/dexie.mjs', import.meta.url), 'utf8');
const server = createServer((req, res) => {
  if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  else if (req.url === '/dexie.mjs') res.writeHead(200, { 'content-type': 'text/javascript' }).end(dexie);
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('the page server has no TCP address');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page
    .waitForFunction(() => window.ready === true, undefined, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`the bench page did not load: ${errors.join('; ') || 'no error reported'}`);
    });
  console.log(
    `Chromium ${browser.version()} (${browser.browserType().name()}), load average ${loadavg()[0]!.toFixed(2)}`
  );
  console.log(`${'case'.padEnd(28)}  ${'durability'.padEnd(10)}  in flight  responses  seconds  responses/s`);
  let outputBytes = 0;
  for (const c of CASES) {
    const r = await page.evaluate((args) => window.runCase(args), {
      mode: c.mode,
      durability: c.durability,
      inFlight: c.inFlight,
      n: c.n,
      limitMs: CASE_LIMIT_MS
    });
    outputBytes = r.outputBytes;
    if (r.stored !== r.done)
      console.error(`warning: ${c.label}: ${r.done} puts but ${r.stored} records read back`);
    console.log(
      [
        c.label.padEnd(28),
        c.durability.padEnd(10),
        (c.mode === 'batched' ? '-' : String(c.inFlight)).padStart(9),
        String(r.done).padStart(9),
        (r.ms / 1000).toFixed(2).padStart(7),
        Math.round(r.done / (r.ms / 1000))
          .toLocaleString('en-US')
          .padStart(11)
      ].join('  ')
    );
  }
  console.log(`each record holds an output of ${outputBytes} bytes; 'default' is what the app uses`);
} finally {
  await browser.close();
  server.close();
}
