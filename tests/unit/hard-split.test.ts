import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHard, loadShipped } from '../../src/cli/shipped-from-disk';
import { hardReleaseFilesOf } from '../../src/lib/core/dataset/hard-release';
import { releaseFilesOf } from '../../src/lib/core/dataset/shipped-benchmark';
import { viewOfHard } from '../../src/lib/core/dataset/view';
import { attitudesOf, formatValue, parseValue } from '../../src/lib/core/formats/values';
import { drawStory } from '../../src/lib/core/dataset/draw';
import {
  drawHardStory,
  hardSelectionOptions,
  hardStoryProblems,
  HARD_CHARACTERS,
  HARD_STORIES_PER_CATEGORY,
  RED_HERRINGS_PER_STORY,
  type GoldValue,
  type HardStoryDraw
} from '../../src/lib/core/dataset/hard-split';
import { selectionItems } from '../../src/lib/core/formats/release';
import { summarizeSelection } from '../../src/lib/core/scoring/selection-summary';
import { SHIPPED_CATEGORIES } from '../../src/lib/core/schema/value';
import { hardCategoryFileSchema, PROVENANCE, type HardStory } from '../../src/lib/core/schema/story';

const { pools } = loadShipped();
const draws: HardStoryDraw[] = SHIPPED_CATEGORIES.flatMap((category) =>
  Array.from({ length: HARD_STORIES_PER_CATEGORY }, (_, i) => drawHardStory(category, i + 1, pools[category]))
);

/** Gold values as a story would hold them: in `multiple`, slot k is held by character "Cast k". */
function goldOf(draw: HardStoryDraw): GoldValue[] {
  return draw.values.map((v) => ({
    statement: v.statement,
    attitude: v.attitude,
    ...(v.slot === undefined ? {} : { character: `Cast ${v.slot + 1}` })
  }));
}
const idOf = (d: HardStoryDraw): string => `hard-${d.category}-${String(d.index).padStart(2, '0')}`;

describe('the hard split draws', () => {
  it('are 15 per category, 90 in all, the same every time', () => {
    expect(draws).toHaveLength(90);
    for (const category of SHIPPED_CATEGORIES)
      expect(draws.filter((d) => d.category === category)).toHaveLength(15);
    expect(drawHardStory('social', 4, pools.social)).toEqual(
      draws.find((d) => d.category === 'social' && d.index === 4)
    );
  });

  it("never repeat the standard split's values for the same story number", () => {
    for (const d of draws)
      expect(d.values, idOf(d)).not.toEqual(drawStory(d.category, d.index, pools[d.category]).values);
  });

  it('never give two stories the same values and scene', () => {
    const keys = draws.map((d) => `${d.scene}|${d.values.map((v) => formatValue(v)).join('|')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("name red herrings from the category's pool that are none of the story's values", () => {
    for (const d of draws) {
      const pool = new Set(pools[d.category].map((e) => e.q_content));
      expect(new Set(d.redHerrings).size, idOf(d)).toBe(RED_HERRINGS_PER_STORY);
      for (const statement of d.redHerrings) {
        expect(pool.has(statement), idOf(d)).toBe(true);
        expect(
          d.values.map((v) => v.statement),
          idOf(d)
        ).not.toContain(statement);
      }
    }
  });

  it('give each scene 3 to 6 characters, never fewer than the value holders', () => {
    for (const d of draws) {
      expect(d.characterCount).toBeGreaterThanOrEqual(Math.max(HARD_CHARACTERS.min, d.characterSlots ?? 0));
      expect(d.characterCount).toBeLessThanOrEqual(HARD_CHARACTERS.max);
    }
    expect(new Set(draws.map((d) => d.characterCount)).size).toBeGreaterThan(1);
  });
});

describe('the hard split selection options', () => {
  const items = draws.map((d) => {
    const gold = goldOf(d);
    return { draw: d, gold, options: hardSelectionOptions(idOf(d), gold, d.redHerrings, pools[d.category]) };
  });

  it('are 15 distinct options holding every gold value', () => {
    for (const { draw, gold, options } of items) {
      expect(options, idOf(draw)).toHaveLength(15);
      expect(new Set(options).size, idOf(draw)).toBe(15);
      for (const value of gold) expect(options, idOf(draw)).toContain(formatValue(value));
    }
  });

  it('hold every red herring and, where room allows, an adjacent attitude of each gold value', () => {
    for (const { draw, gold, options } of items) {
      const multiple = draw.category === 'multiple';
      const parsed = options.map((o) => parseValue(o, multiple)!);
      for (const statement of draw.redHerrings)
        expect(
          parsed.some((p) => p.statement === statement),
          idOf(draw)
        ).toBe(true);
      const adjacent = gold.filter((g) => {
        const list = attitudesOf(pools[draw.category].find((e) => e.q_content === g.statement)!);
        const at = list.indexOf(g.attitude);
        return [list[at - 1], list[at + 1]].some(
          (a) => a !== undefined && options.includes(formatValue({ ...g, attitude: a }))
        );
      });
      // Five values and two red herrings leave room for an adjacent attitude of every value; the
      // multiple-character stories (9 to 12 values) for as many as the 15 options allow.
      const room = 15 - gold.length - draw.redHerrings.length;
      expect(adjacent.length, idOf(draw)).toBeGreaterThanOrEqual(Math.min(room, multiple ? 1 : gold.length));
    }
  });

  it('offer red herrings as often as gold statements, so counting options does not find the gold', () => {
    for (const { draw, gold, options } of items) {
      if (draw.category === 'multiple') continue; // 9 to 12 values leave no room for pairs
      const offered = new Map<string, number>();
      for (const o of options) {
        const { statement } = parseValue(o)!;
        offered.set(statement, (offered.get(statement) ?? 0) + 1);
      }
      const least = (statements: readonly string[]) =>
        Math.min(...statements.map((s) => offered.get(s) ?? 0));
      expect(least(draw.redHerrings), idOf(draw)).toBeGreaterThanOrEqual(2);
      expect(least(gold.map((g) => g.statement)), idOf(draw)).toBeGreaterThanOrEqual(2);
    }
  });

  it('are the same for the same story and score the gold answer 1.0', () => {
    const { draw, gold, options } = items[7]!;
    expect(hardSelectionOptions(idOf(draw), gold, draw.redHerrings, pools[draw.category])).toEqual(options);
    const setting2 = items.map(({ gold: g, options: o }) => ({
      story: 'text',
      options: o,
      values: g.map((v) => formatValue(v))
    }));
    const summary = summarizeSelection(
      setting2.map((i) => i.values.join('\n')),
      selectionItems(setting2),
      { reasoning: false }
    );
    expect(summary.f1).toBe(1);
  });

  it('refuse a red herring that is one of the values, or more values than fit', () => {
    const { draw, gold } = items[0]!;
    expect(() => hardSelectionOptions('x', gold, [gold[0]!.statement], pools[draw.category])).toThrow(
      /red herring .* is one of the story's values/
    );
    const many = pools.social
      .slice(0, 14)
      .map((e) => ({ statement: e.q_content, attitude: attitudesOf(e)[0]! }));
    expect(() => hardSelectionOptions('x', many, draw.redHerrings, pools.social)).toThrow(
      /do not fit in 15 options/
    );
  });
});

describe('the hard split rules', () => {
  const draw = drawHardStory('ethical', 3, pools.ethical);
  const names = ['Amara', 'Bo', 'Chidi', 'Dana', 'Eitan', 'Farid'].slice(0, draw.characterCount);
  const filler = Array.from({ length: 1100 }, (_, i) => `word${i % 50}`).join(' ');
  const story: HardStory = {
    id: 'hard-ethical-03',
    category: 'ethical',
    title: 'A Long Afternoon',
    scene: draw.scene,
    characters: names.map((name) => ({ name, description: `${name}, a guest` })),
    text: `**Title: A Long Afternoon**\n\n**Setting:** somewhere\n\n---\n\n${filler}\n\n${names.map((n) => `**${n}:** “Hello.”`).join('\n')}`,
    values: draw.values.map(({ statement, attitude, qId }) => ({
      statement,
      attitude,
      ...(qId ? { qId } : {})
    })),
    redHerrings: draw.redHerrings,
    provenance: PROVENANCE
  };

  it('pass a story that follows its draw and the text rules', () => {
    expect(hardStoryProblems(story, 3, pools.ethical)).toEqual([]);
  });

  it('name each broken rule: draw, red herrings, length, statements stated outright, silent characters', () => {
    const statement = draw.values[1]!.statement;
    const broken: HardStory = {
      ...story,
      values: story.values.slice(1),
      redHerrings: [...story.redHerrings].reverse(),
      text: `${story.text.replace(`**${names[1]}:**`, `${names[1]} said`)}\n${statement}\n${filler} ${filler}`
    };
    const problems = hardStoryProblems(broken, 3, pools.ethical).join('\n');
    expect(problems).toMatch(/values differ from the seeded draw/);
    expect(problems).toMatch(/red herrings differ from the seeded draw/);
    expect(problems).toMatch(/at most 1800 allowed/);
    expect(problems).toMatch(/states its value outright/);
    expect(problems).toMatch(new RegExp(`character ${names[1]} never speaks`));
    expect(hardStoryProblems(story, 4, pools.ethical).join('\n')).toMatch(
      /id is hard-ethical-03, expected hard-ethical-04/
    );
  });
});

describe('the hard split stories written so far', () => {
  const dir = 'datasets/stories/hard';
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];

  it.each(files)('%s follows every rule of the split', (file) => {
    const parsed = hardCategoryFileSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(file).toBe(`${parsed.category}.json`);
    expect(parsed.stories.length).toBeGreaterThan(0);
    expect(parsed.stories.length).toBeLessThanOrEqual(HARD_STORIES_PER_CATEGORY);
    const pool = pools[parsed.category];
    const problems = parsed.stories.flatMap((s, i) =>
      hardStoryProblems(s, i + 1, pool).map((p) => `${s.id}: ${p}`)
    );
    expect(problems).toEqual([]);
    for (const story of parsed.stories) {
      expect(story.category).toBe(parsed.category);
      const options = hardSelectionOptions(story.id, story.values, story.redHerrings, pool);
      const summary = summarizeSelection(
        [story.values.map((v) => formatValue(v)).join('\n')],
        selectionItems([{ story: story.text, options, values: story.values.map((v) => formatValue(v)) }]),
        { reasoning: false }
      );
      expect(summary.f1, story.id).toBe(1);
    }
  });
});

describe('the hard split as the app, the CLI and the export serve it', () => {
  const hard = loadHard();
  const bench = loadShipped();

  it('has 15 stories in each category, 90 in all, with one setting-2 item and a question per value each', () => {
    const view = viewOfHard(hard, bench);
    expect(view).toMatchObject({ id: 'hard', split: 'hard', kind: 'shipped' });
    expect(view.provenance).toMatch(/^Written for this project following the CQ-Bench recipe/);
    expect(view.categories.map((c) => [c.name, c.stories.length])).toEqual(
      SHIPPED_CATEGORIES.map((c) => [c, HARD_STORIES_PER_CATEGORY])
    );
    for (const category of SHIPPED_CATEGORIES) {
      const files = hardReleaseFilesOf(hard, bench, category);
      expect(files.original).toHaveLength(15);
      expect(files.setting2).toHaveLength(15);
      files.setting1.forEach((s, i) => {
        expect(s.questions).toHaveLength(hard.stories[category][i]!.values.length);
      });
    }
  });

  it("offer each story's own options: gold inside, red herrings and adjacent attitudes among 15 distinct", () => {
    for (const category of SHIPPED_CATEGORIES) {
      const files = hardReleaseFilesOf(hard, bench, category);
      const multiple = category === 'multiple';
      hard.stories[category].forEach((story, i) => {
        const item = files.setting2[i]!;
        expect(item.story).toBe(story.text);
        expect(item.options).toEqual(
          hardSelectionOptions(story.id, story.values, story.redHerrings, pools[category])
        );
        expect(new Set(item.options).size, story.id).toBe(15);
        expect(item.values).toEqual(story.values.map((v) => formatValue(v)));
        for (const gold of item.values) expect(item.options, story.id).toContain(gold);
        const parsed = item.options.map((o) => parseValue(o, multiple)!);
        for (const statement of story.redHerrings)
          expect(
            parsed.some((p) => p.statement === statement),
            story.id
          ).toBe(true);
        // At least one gold statement is offered with another attitude than its own.
        const adjacent = story.values.filter((v) =>
          parsed.some(
            (p) => p.statement === v.statement && p.character === v.character && p.attitude !== v.attitude
          )
        );
        expect(adjacent.length, story.id).toBeGreaterThan(0);
      });
    }
  });

  it("differ from the standard split's options, which come from the standard builder", () => {
    const standard = releaseFilesOf(bench, 'social');
    const hardSocial = hardReleaseFilesOf(hard, bench, 'social');
    expect(new Set(hardSocial.setting2.map((s) => s.story)).size).toBe(15);
    for (const item of hardSocial.setting2)
      expect(standard.setting2.map((s) => s.story)).not.toContain(item.story);
  });
});
