/**
 * `npm run bench`: the scorer's throughput on a large generated input (100k attitude answers,
 * 10k value-selection answers), in items per second. Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readPool } from '../src/lib/core/formats/pool';
import { parseOptionList, formatValue, attitudesOf } from '../src/lib/core/formats/values';
import { SeededRandom } from '../src/lib/core/random';
import { summarizeAttitude } from '../src/lib/core/scoring/attitude-summary';
import { summarizeSelection } from '../src/lib/core/scoring/selection-summary';
import type { AttitudeQuestion, SelectionItem } from '../src/lib/core/schema/task-items';

const pool = readPool('WVQ_simple.jsonl', readFileSync('datasets/values/WVQ_simple.jsonl', 'utf8'));
const rng = new SeededRandom('bench');
const pairs = pool.flatMap((e) =>
  attitudesOf(e).map((a) => formatValue({ statement: e.q_content, attitude: a }))
);

function attitudeInput(n: number, reasoning: boolean): { outputs: string[]; questions: AttitudeQuestion[] } {
  const questions: AttitudeQuestion[] = [];
  const outputs: string[] = [];
  for (let i = 0; i < n; i++) {
    const entry = rng.pick(pool);
    const options = parseOptionList(entry.option);
    const gold = rng.pick(attitudesOf(entry));
    questions.push({ options, gold });
    const answer = rng.pick(attitudesOf(entry));
    outputs.push(
      reasoning
        ? `[Evidence]: Tomasz refuses, and Arvid agrees with him about the letters.\n[Reasoning]: The characters clearly reject it, so the attitude is plain.\n[Answer]: ${answer}`
        : rng.next() < 0.5
          ? answer
          : `I think the answer is ${answer.toLowerCase()}.`
    );
  }
  return { outputs, questions };
}

function selectionInput(n: number, reasoning: boolean): { outputs: string[]; items: SelectionItem[] } {
  const items: SelectionItem[] = [];
  const outputs: string[] = [];
  for (let i = 0; i < n; i++) {
    const options = rng.sample(pairs, 15);
    const gold = options.slice(0, 5);
    items.push({ options: rng.shuffle(options), gold });
    const chosen = rng.sample(options, 5).join('\n');
    outputs.push(
      reasoning ? `[Topics]: work, family\n[Reasoning]: see above\n[Final answer]:\n${chosen}` : chosen
    );
  }
  return { outputs, items };
}

function time(label: string, n: number, run: () => void): void {
  run(); // warm-up, so the figure is the steady state
  const start = performance.now();
  run();
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${label.padEnd(40)} ${String(n).padStart(7)} items  ${seconds.toFixed(3)} s  ${Math.round(n / seconds).toLocaleString('en-US')} items/s`
  );
}

for (const reasoning of [false, true]) {
  const a = attitudeInput(100_000, reasoning);
  time(`attitude detection${reasoning ? ', reasoning' : ''}`, 100_000, () =>
    summarizeAttitude(a.outputs, a.questions, { reasoning })
  );
  const s = selectionInput(10_000, reasoning);
  time(`value selection${reasoning ? ', reasoning' : ''}`, 10_000, () =>
    summarizeSelection(s.outputs, s.items, { reasoning })
  );
}
