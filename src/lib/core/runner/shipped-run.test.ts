import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { releaseFilesOf } from '../dataset/shipped-benchmark';
import { flattenQuestions } from '../formats/release';
import { uniformRandomBaseline } from '../models/baselines';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPLATES } from '../prompts/templates';
import { DEFAULT_SAMPLING } from '../schema/run';
import { SHIPPED_CATEGORIES } from '../schema/value';
import { scoreAttitudeItem } from '../scoring/attitude';
import { summarizeAttitude } from '../scoring/attitude-summary';
import { planRun } from './plan';
import type { PlanCategory } from '../schema/task-items';
import { runItems } from './runner';
import { FakeClock, MemoryStore } from './testing';

/**
 * The whole path on the shipped stories: plan, run with the random baseline, store, and score
 * the stored outputs with the release's rules. A random guesser must land at chance.
 */
describe('a random-baseline run over the shipped benchmark', () => {
  const bench = shippedBenchmarkFixture();
  const categories: PlanCategory[] = SHIPPED_CATEGORIES.map((category) => ({
    task: 'attitude',
    category,
    stories: releaseFilesOf(bench, category).setting1
  }));
  const items = planRun({
    categories,
    setting: { reasoning: false, shots: 0, systemPrompt: DEFAULT_SYSTEM_PROMPT },
    templates: DEFAULT_TEMPLATES
  });

  it('answers every question once and scores at chance level', async () => {
    const store = new MemoryStore();
    const outcome = await runItems(uniformRandomBaseline('shipped'), items, store, 'random', {
      sampling: DEFAULT_SAMPLING,
      clock: new FakeClock()
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.progress.answered).toBe(items.length);

    const byKey = new Map(store.results('random').map((r) => [r.itemKey, r.output]));
    const outputs: (string | null)[] = [];
    const questions = [];
    for (const part of categories) {
      if (part.task !== 'attitude') continue;
      for (const q of flattenQuestions(part.stories)) {
        outputs.push(byKey.get(`${part.category}/${q.story}/${q.question}`) ?? null);
        questions.push(q);
      }
    }
    expect(outputs.every((o) => o !== null)).toBe(true);
    const summary = summarizeAttitude(outputs, questions, { reasoning: false });
    expect(summary.n).toBe(items.length);
    expect(summary.coverage).toBe(1);

    // Chance: for each question, the share of its options that the scorer counts as correct
    // when given as the answer (below 1/k where the release's matcher cannot reach the gold).
    let expected = 0;
    for (const q of questions) {
      const options = q.options.map((o) => o.trim()).filter((o) => o !== '');
      expected += options.filter((o) => scoreAttitudeItem(o, q, false).correct).length / options.length;
    }
    expected /= questions.length;
    const sd = Math.sqrt((expected * (1 - expected)) / questions.length);
    expect(Math.abs(summary.accuracy - expected)).toBeLessThan(3 * sd);
    expect(summary.accuracy).toBeLessThan(0.5);
  });

  it('spreads its answers over the option positions', async () => {
    const store = new MemoryStore();
    await runItems(uniformRandomBaseline('positions'), items, store, 'positions', {
      sampling: DEFAULT_SAMPLING,
      clock: new FakeClock()
    });
    const threeWay = new Map<string, string[]>();
    for (const part of categories)
      if (part.task === 'attitude')
        for (const q of flattenQuestions(part.stories)) {
          const options = q.options.map((o) => o.trim()).filter((o) => o !== '');
          if (options.length === 3) threeWay.set(`${part.category}/${q.story}/${q.question}`, options);
        }
    const positions = [0, 0, 0];
    for (const r of store.results('positions')) {
      const options = threeWay.get(r.itemKey);
      if (options === undefined) continue;
      const at = options.indexOf(r.output ?? '');
      expect(at).toBeGreaterThanOrEqual(0);
      positions[at]!++;
    }
    const n = positions.reduce((a, b) => a + b, 0);
    expect(n).toBeGreaterThan(100);
    // Each position near n/3: a baseline stuck on one option would fail this.
    for (const count of positions) expect(Math.abs(count - n / 3)).toBeLessThan(3 * Math.sqrt((n * 2) / 9));
  });
});
