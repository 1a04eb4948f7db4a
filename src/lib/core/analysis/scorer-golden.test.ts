import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCORER_VERSION } from './aggregate';
import { OVERALL } from './identity';
import {
  GOLDEN_FILE,
  goldenProblem,
  goldenSchema,
  scorerGoldenFigures,
  type Golden
} from './fixtures/scorer-golden';

const pinnedText = readFileSync(new URL('./fixtures/scorer-golden.json', import.meta.url), 'utf8');
const pinned: Golden = goldenSchema.parse(JSON.parse(pinnedText));

const withCells = z.object({ cells: z.array(z.object({ category: z.string(), score: z.number() })) });

/** The overall score pinned for one fixture run. */
function overall(run: string): number | undefined {
  return withCells.parse(pinned.figures[run]).cells.find((c) => c.category === OVERALL)?.score;
}

describe('the scorer on its golden fixture', () => {
  it(`gives the figures pinned in ${GOLDEN_FILE} under the current SCORER_VERSION`, async () => {
    const problem = goldenProblem(pinned, await scorerGoldenFigures(), SCORER_VERSION);
    if (problem !== undefined) expect.fail(problem);
  });

  it('pins every task: attitude and selection (plain and reasoning) and the judge score', () => {
    expect(Object.keys(pinned.figures)).toEqual([
      'attitude-plain',
      'attitude-reasoning',
      'selection-plain',
      'selection-reasoning',
      'extraction-judged'
    ]);
    // Worked out by hand: 3 of 6 questions right; F1 of mean precision 0.75 and mean recall
    // 0.75; judge verdicts 1, 0.5 and 0 counted, the unreadable one left out.
    expect(overall('attitude-plain')).toBe(0.5);
    expect(overall('selection-plain')).toBe(0.75);
    expect(overall('extraction-judged')).toBe(0.5);
  });

  it('tells a scoring change under the same version apart from a bumped version', () => {
    const figures = pinned.figures;
    // The first stated score is attitude-plain's social cell (0.5).
    const moved = goldenSchema.parse(
      JSON.parse(JSON.stringify(pinned).replace('"score":0.5', '"score":0.25'))
    );
    expect(goldenProblem(moved, figures, pinned.scorerVersion)).toMatch(
      /^scoring changed: bump SCORER_VERSION .*\n1 figures differ .*\n {2}attitude-plain\.cells\[0\]\.score: 0\.25 → 0\.5$/
    );
    expect(goldenProblem(pinned, figures, 'cqbench-scorer-99')).toMatch(
      /^SCORER_VERSION is cqbench-scorer-99 but the golden figures were pinned under cqbench-scorer-\d+: pin them again/
    );
  });
});
