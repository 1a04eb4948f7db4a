/** Holds the shipped benchmark to its rules: the stories, their values and the task files built from them. */
import { describe, expect, it } from 'vitest';
import { loadShipped } from '../../src/cli/shipped-from-disk';
import { attitudesOf, parseValue } from '../../src/lib/core/formats/values';
import { drawStory } from '../../src/lib/core/dataset/draw';
import {
  bodyWordCount,
  MIN_BODY_WORDS,
  MIN_STORIES,
  sharedRuns,
  storyProblems
} from '../../src/lib/core/dataset/rules';
import { releaseFilesOf } from '../../src/lib/core/dataset/shipped-benchmark';
import { flattenQuestions, selectionItems } from '../../src/lib/core/formats/release';
import { summarizeAttitude } from '../../src/lib/core/scoring/attitude-summary';
import { summarizeSelection } from '../../src/lib/core/scoring/selection-summary';
import { SHIPPED_CATEGORIES } from '../../src/lib/core/schema/value';

const bench = loadShipped();

describe.each(SHIPPED_CATEGORIES)('the %s stories', (category) => {
  const stories = bench.stories[category];
  const pool = bench.pools[category];
  const files = releaseFilesOf(bench, category);

  it(`number at least ${MIN_STORIES[category]}`, () => {
    expect(stories.length).toBeGreaterThanOrEqual(MIN_STORIES[category]);
  });

  it('each follow every rule (ids, scene, seeded values, length, implicitness, cast)', () => {
    const problems = stories.flatMap((s, i) => storyProblems(s, i + 1, pool).map((p) => `${s.id}: ${p}`));
    expect(problems).toEqual([]);
  });

  it(`each have at least ${MIN_BODY_WORDS} words of scene, dialogue and action`, () => {
    for (const s of stories) expect(bodyWordCount(s.text), s.id).toBeGreaterThanOrEqual(MIN_BODY_WORDS);
  });

  it("take every value from the category's pool, with one of that statement's attitudes", () => {
    for (const s of stories) {
      for (const v of s.values) {
        const entry = pool.find((e) => e.q_content === v.statement);
        expect(entry, `${s.id}: ${v.statement}`).toBeDefined();
        expect(attitudesOf(entry!)).toContain(v.attitude);
      }
    }
  });

  it('never repeat 5 consecutive words of a statement in the story', () => {
    for (const s of stories) {
      for (const v of s.values)
        expect(sharedRuns(v.statement, s.text), `${s.id}: ${v.statement}`).toEqual([]);
    }
  });

  if (category === 'multiple') {
    it('give 3 or 4 characters different attitudes on each of 3 statements', () => {
      for (const s of stories) {
        expect(s.characters.length).toBeGreaterThanOrEqual(3);
        expect(s.characters.length).toBeLessThanOrEqual(4);
        const statements = [...new Set(s.values.map((v) => v.statement))];
        expect(statements).toHaveLength(3);
        for (const statement of statements) {
          const held = s.values.filter((v) => v.statement === statement);
          expect(held.map((v) => v.character).sort()).toEqual(s.characters.map((c) => c.name).sort());
          expect(new Set(held.map((v) => v.attitude)).size, `${s.id}: ${statement}`).toBeGreaterThan(1);
        }
      }
    });
  } else {
    it('have five distinct statements each', () => {
      for (const s of stories) expect(new Set(s.values.map((v) => v.statement)).size, s.id).toBe(5);
    });
  }

  it('give value-selection items of 15 distinct options with every gold value among them', () => {
    for (const item of files.setting2) {
      expect(item.options).toHaveLength(15);
      expect(new Set(item.options).size).toBe(15);
      for (const gold of item.values) expect(item.options).toContain(gold);
      for (const option of item.options) {
        expect(parseValue(option, category === 'multiple'), option).toBeDefined();
      }
    }
  });

  it('give one attitude question per value, with the raw option list and the gold label', () => {
    const questions = files.setting1.flatMap((s) => s.questions);
    expect(questions).toHaveLength(stories.reduce((n, s) => n + s.values.length, 0));
    for (const q of questions) expect(q.options.map((o) => o.trim())).toContain(q['gold label']);
    if (category === 'multiple') for (const q of questions) expect(q.name).toBeDefined();
  });

  it('score 1.0 when answered with the gold values (selection) and the gold labels (attitude, strict)', () => {
    const selection = summarizeSelection(
      files.setting2.map((i) => i.values.join('\n')),
      selectionItems(files.setting2),
      { reasoning: false }
    );
    expect(selection.f1).toBe(1);
    const questions = flattenQuestions(files.setting1);
    const gold = questions.map((q) => q.gold);
    expect(summarizeAttitude(gold, questions, { reasoning: false, strict: true }).accuracy).toBe(1);
    // The paper-compatible matcher cannot reach every gold option (see the ceiling). Answers
    // holding the whole gold option between characters no option has reach exactly the ceiling.
    const paper = summarizeAttitude(gold, questions, { reasoning: false });
    expect(paper.accuracy).toBeLessThanOrEqual(paper.ceiling);
    const wrapped = questions.map(
      (q) => `«${q.options.find((o) => o.trim().toLowerCase() === q.gold.toLowerCase()) ?? ''}»`
    );
    expect(summarizeAttitude(wrapped, questions, { reasoning: false }).accuracy).toBe(paper.ceiling);
  });
});

describe('the seeded draw', () => {
  it('is the same on every call', () => {
    expect(drawStory('social', 3, bench.pools.social)).toEqual(drawStory('social', 3, bench.pools.social));
  });

  it('draws attitudes uniformly, so minority attitudes appear as often as chance makes them', () => {
    const counts = new Map<string, number>();
    let draws = 0;
    for (let i = 1; i <= 600; i++) {
      for (const v of drawStory('ethical', i, bench.pools.ethical).values) {
        const options = attitudesOf(bench.pools.ethical.find((e) => e.q_content === v.statement)!);
        if (options.length !== 3) continue;
        counts.set(v.attitude, (counts.get(v.attitude) ?? 0) + 1);
        draws++;
      }
    }
    // Each of the three attitudes should take about a third (binomial sd is about 1% here).
    for (const attitude of ['agree', 'neither agree/disagree', 'disagree']) {
      expect((counts.get(attitude) ?? 0) / draws).toBeGreaterThan(0.3);
      expect((counts.get(attitude) ?? 0) / draws).toBeLessThan(0.37);
    }
  });
});
